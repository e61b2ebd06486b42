package io.twinloop.twin.grpc;

import io.twinloop.platform.grpc.RequestException;
import io.twinloop.twin.store.TelemetryPages;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;

/**
 * GetTelemetry page tokens: opaque to clients, they carry the cursor (time and link of the previous page's
 * last sample) and a fingerprint of the query, so that a token used with other filters is refused instead of
 * silently returning a mix.
 */
final class TelemetryPageTokens {
    private static final String VERSION = "t1";

    private TelemetryPageTokens() {
    }

    /** The fingerprint of a query: network, links (as a set), from and to. */
    static String query(String network, List<String> linkIds, long fromMs, long toMs) {
        String canonical = network + "|" + String.join(",", new TreeSet<>(linkIds)) + "|" + fromMs + "|" + toMs;
        return Integer.toHexString(canonical.hashCode());
    }

    static String token(TelemetryPages.Cursor after, String query) {
        String raw = VERSION + "|" + query + "|" + after.timeMs() + "|" + after.linkId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of {@code token} ({@link TelemetryPages.Cursor#START} when empty). */
    static TelemetryPages.Cursor cursor(String token, String query) {
        if (token.isEmpty()) {
            return TelemetryPages.Cursor.START;
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 4);
        } catch (IllegalArgumentException e) {
            parts = new String[0];
        }
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            throw new RequestException("page_token", "page_token is not a token GetTelemetry returned; "
                    + "leave it empty for the first page");
        }
        if (!parts[1].equals(query)) {
            throw new RequestException("page_token", "page_token belongs to a query with other network, "
                    + "link_ids, from_unix_ms or to_unix_ms; send the same filters on every page");
        }
        try {
            return new TelemetryPages.Cursor(Long.parseLong(parts[2]), parts[3]);
        } catch (NumberFormatException e) {
            throw new RequestException("page_token", "page_token is not a token GetTelemetry returned");
        }
    }
}
