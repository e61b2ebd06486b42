package io.twinloop.model.io;

import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;

import java.util.regex.Pattern;

/** Small helpers shared by the importers. */
final class ImportSupport {

    /** A plain decimal number as written in the supported formats (no hex, NaN or type suffixes). */
    static final Pattern DECIMAL = Pattern.compile("[-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");

    private ImportSupport() {
    }

    static byte[] checkContent(String format, byte[] content) {
        if (content == null) {
            throw new ImportException(format, -1, "no content (null)");
        }
        if (content.length > ImportRules.MAX_FILE_BYTES) {
            throw new ImportException(format, -1, "input is " + content.length + " bytes; the limit is "
                    + ImportRules.MAX_FILE_BYTES + " bytes (64 MiB)");
        }
        return content;
    }

    static String checkName(String format, String name) {
        if (name == null || name.isBlank()) {
            throw new ImportException(format, -1, "the network name must not be null or blank");
        }
        return name;
    }

    /** Parses a decimal number; anything else (including NaN and infinities) is an ImportException. */
    static double number(String format, int line, String what, String text) {
        if (text == null || text.isBlank()) {
            throw new ImportException(format, line, what + " is empty");
        }
        String t = text.trim();
        if (!DECIMAL.matcher(t).matches()) {
            throw new ImportException(format, line, what + " is not a number: '" + shorten(t) + "'");
        }
        double v = Double.parseDouble(t);
        if (!Double.isFinite(v)) {
            throw new ImportException(format, line, what + " is out of range: '" + shorten(t) + "'");
        }
        return v;
    }

    /** Re-throws a validation failure with the format and line appended to the reason. */
    static InvalidNetworkException located(InvalidNetworkException e, String format, int line) {
        String where = line > 0 ? " (" + format + " line " + line + ")" : " (" + format + ")";
        return new InvalidNetworkException(e.field(), e.reason() + where, e);
    }

    /**
     * {@link ImportRules#ZERO_CAPACITY_RULE}: every imported link is up, and a link that is up with capacity 0
     * would carry traffic at an undefined utilisation, so it is refused, naming the link and its line.
     */
    static void checkCapacity(String format, int line, String link, double capacityBps) {
        if (capacityBps == 0) {
            throw new ImportException(format, line, link + " has capacity 0: a link that is up needs a capacity > 0 "
                    + "(every imported link is up); give its capacity in the file, or leave the link out");
        }
    }

    static void checkLinkCount(String format, int line, long links) {
        if (links > ImportRules.MAX_LINKS) {
            throw new ImportException(format, line, "the topology has more than " + ImportRules.MAX_LINKS
                    + " directed links; refusing to import it");
        }
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
