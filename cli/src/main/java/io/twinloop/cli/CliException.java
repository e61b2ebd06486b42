package io.twinloop.cli;

/** A user error detected by the CLI itself (unreadable file, bad option). Exit code 2. */
public class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}
