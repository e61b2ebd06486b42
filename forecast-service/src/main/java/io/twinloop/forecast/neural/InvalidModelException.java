package io.twinloop.forecast.neural;

import java.io.IOException;
import java.nio.file.Path;

/** A saved model directory is corrupt, incomplete or does not match this version of the code. */
public class InvalidModelException extends IOException {
    private final Path dir;

    public InvalidModelException(Path dir, String message) {
        super("model in " + dir + ": " + message);
        this.dir = dir;
    }

    public InvalidModelException(Path dir, String message, Throwable cause) {
        super("model in " + dir + ": " + message, cause);
        this.dir = dir;
    }

    /** The model directory. */
    public Path dir() {
        return dir;
    }
}
