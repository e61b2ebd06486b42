package io.twinloop.twin.grpc;

import com.google.protobuf.ByteString;
import io.twinloop.model.NetworkName;
import io.twinloop.platform.grpc.RequestException;

/** Checks of request fields that several groups of the twin's RPCs share. */
final class RequestFields {
    /** Largest topology or traffic file accepted in one request. */
    static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

    private RequestFields() {
    }

    /** A name that can name a stored network; never empty. */
    static String networkName(String name) {
        return networkName(name, false);
    }

    /**
     * A name that can name a stored network ({@link NetworkName#storedProblem}: names stored before
     * the name rule stay readable); "" only where {@code emptyAllowed} (the default scope / all networks).
     * New networks are named under the full rule, at import.
     */
    static String networkName(String name, boolean emptyAllowed) {
        if ((name == null || name.isEmpty()) && emptyAllowed) {
            return "";
        }
        String problem = NetworkName.storedProblem(name);
        if (problem != null) {
            throw new RequestException("network", problem);
        }
        return name;
    }

    /** The bytes of an uploaded file, refused when empty or larger than {@link #MAX_FILE_BYTES}. */
    static byte[] fileContent(ByteString content, String field) {
        if (content.isEmpty()) {
            throw new RequestException(field, "the file is empty");
        }
        if (content.size() > MAX_FILE_BYTES) {
            throw new RequestException(field, "the file is " + content.size() + " bytes; the limit is " + MAX_FILE_BYTES);
        }
        return content.toByteArray();
    }

    /** The author a change is recorded under: "anonymous" when the request names none. */
    static String author(String author) {
        return author == null || author.isBlank() ? "anonymous" : author;
    }
}
