/**
 * The {@code twinloop} command-line client: plain grpc-java stubs over grpc-netty-shaded,
 * one picocli subcommand per capability, human tables by default and {@code --json} for scripts.
 */
package io.twinloop.cli;
