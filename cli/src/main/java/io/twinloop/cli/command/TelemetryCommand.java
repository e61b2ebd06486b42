package io.twinloop.cli.command;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.common.v1.LinkState;
import io.twinloop.proto.twin.v1.IngestTelemetryAck;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.proto.twin.v1.IngestTelemetryResponse;
import io.twinloop.proto.twin.v1.LinkSample;
import io.twinloop.proto.twin.v1.TelemetryRejections;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Streams link telemetry from a CSV file to the twin. Layout: a header
 * {@code time,link,rate_bps[,drops_pps][,oper_state]}, time as ISO-8601 or Unix milliseconds,
 * oper_state {@code up}/{@code down} (empty = not reported).
 *
 * <p>The whole file is checked before anything is sent, so a malformed line stores nothing. The
 * samples then go on one {@code IngestTelemetryAcked} stream, each message acknowledged once
 * durable: if the stream breaks, the error says through which line the samples are certainly stored,
 * and that resending the whole file is safe (the twin stores a link's sample at a time once and counts
 * resent ones as duplicates). Samples the twin rejects are counted by reason and make the exit code
 * {@value #EXIT_REJECTED}; duplicates are not an error.
 */
@Command(name = "telemetry", description = {
        "Stream link telemetry from a CSV (time,link,rate_bps[,drops_pps][,oper_state]): time as ISO-8601 or Unix ms, "
                + "rate in bit/s, drops in packets/s, oper_state up or down.",
        "Resending a file is safe: samples the twin already has are counted as duplicates, not stored twice. "
                + "Exits " + TelemetryCommand.EXIT_REJECTED + " when the twin rejects any sample (reasons are counted by kind)."})
public final class TelemetryCommand implements Callable<Integer> {
    static final int BATCH = 5_000;
    /** Exit code when the twin rejected some or all samples (the valid ones are stored). */
    static final int EXIT_REJECTED = 13;
    /** Messages sent and not yet acknowledged, at most. */
    static final int WINDOW = 8;

    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Parameters(index = "1", description = "telemetry CSV file")
    Path file;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        long samples = check();
        try (Endpoints ignored = endpoints) {
            Acks acks = new Acks();
            StreamObserver<IngestTelemetryRequest> out = TwinServiceGrpc.newStub(
                            endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .ingestTelemetryAcked(acks);
            List<Integer> lastLineOfMessage = new ArrayList<>();
            try (BufferedReader in = Files.newBufferedReader(file)) {
                in.readLine(); // the header, checked
                IngestTelemetryRequest.Builder batch = IngestTelemetryRequest.newBuilder().setNetwork(network);
                String line;
                int lineNo = 1;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    batch.addSamples(parse(line, lineNo));
                    if (batch.getSamplesCount() == BATCH) {
                        send(out, acks, batch.build(), lastLineOfMessage, lineNo);
                        batch = IngestTelemetryRequest.newBuilder().setNetwork(network);
                    }
                }
                if (batch.getSamplesCount() > 0) {
                    send(out, acks, batch.build(), lastLineOfMessage, lineNo);
                }
                out.onCompleted();
                acks.awaitAll(lastLineOfMessage.size());
            } catch (StatusRuntimeException e) {
                throw stored(e, acks, lastLineOfMessage);
            } catch (IOException | RuntimeException e) {
                out.onError(e);
                throw e;
            }
            IngestTelemetryResponse r = acks.last == null ? IngestTelemetryResponse.getDefaultInstance()
                    : acks.last.getTotals();
            if (json) {
                System.out.println(Output.json(r));
            } else {
                System.out.printf("sent %d samples: %d stored, %d already stored (duplicates, ignored), %d rejected, "
                        + "%d link state changes%n", samples, r.getAccepted(), r.getDuplicates(), r.getRejected(),
                        r.getStateChanges());
            }
            if (r.getRejected() > 0) {
                System.err.println("error: the twin rejected " + r.getRejected() + " of " + samples + " samples of "
                        + file + " (" + rejections(r) + "); the others are stored");
                return EXIT_REJECTED;
            }
            return 0;
        }
    }

    /** Reads the whole file once: a malformed line is refused before anything is sent. Returns the samples. */
    private long check() throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            if (header == null || !header.startsWith("time,link,rate_bps")) {
                throw new CliException(file + ": the header must start with time,link,rate_bps");
            }
            long n = 0;
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    parse(line, lineNo);
                    n++;
                }
            }
            return n;
        }
    }

    private static void send(StreamObserver<IngestTelemetryRequest> out, Acks acks, IngestTelemetryRequest msg,
                             List<Integer> lastLineOfMessage, int lastLine) throws InterruptedException {
        acks.awaitAll(lastLineOfMessage.size() - WINDOW + 1); // at most WINDOW messages unacknowledged
        lastLineOfMessage.add(lastLine);
        out.onNext(msg);
    }

    /** The rejected samples by reason, e.g. "3 unknown link (ghost), 1 negative or non-finite rate". */
    static String rejections(IngestTelemetryResponse r) {
        TelemetryRejections k = r.getRejections();
        List<String> parts = new ArrayList<>();
        add(parts, k.getUnknownLink(), "unknown link" + (r.getUnknownLinkIdsCount() > 0
                ? " (" + String.join(", ", r.getUnknownLinkIdsList()) + ")" : ""));
        add(parts, k.getTimeNotPositive(), "time not after 1970 (0 or negative)");
        add(parts, k.getRateOutOfRange(), "rate negative or not finite");
        add(parts, k.getDropsOutOfRange(), "drops negative or not finite");
        add(parts, k.getUnknownOperState(), "unknown oper state");
        long counted = k.getUnknownLink() + k.getTimeNotPositive() + k.getRateOutOfRange() + k.getDropsOutOfRange()
                + k.getUnknownOperState();
        add(parts, r.getRejected() - counted, "other reasons");
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, long n, String what) {
        if (n > 0) {
            parts.add(n + " " + what);
        }
    }

    /**
     * The stream broke: what is certainly stored is what was acknowledged. When the twin refused a message
     * (an error status of its own), it had sent every earlier acknowledgement first, so the rest is not
     * stored. When the connection broke (UNAVAILABLE, a deadline, a cancel), messages sent after the last
     * acknowledgement may or may not be stored: the twin may have committed them before their
     * acknowledgement was lost. Either way resending the whole file is safe, as the twin stores a link's
     * sample at a time once.
     */
    private StatusRuntimeException stored(StatusRuntimeException e, Acks acks, List<Integer> lastLineOfMessage) {
        long acked = acks.last == null ? 0 : acks.last.getSequence() + 1;
        long unacked = lastLineOfMessage.size() - acked;
        boolean uncertain = unacked > 0 && switch (e.getStatus().getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, UNKNOWN, INTERNAL -> true;
            default -> false;
        };
        String what;
        if (acked == 0) {
            what = uncertain ? "no sample of " + file + " is certainly stored" : "nothing of " + file + " was stored";
        } else {
            what = "the samples of " + file + " through line " + lastLineOfMessage.get((int) acked - 1)
                    + " are stored (" + acks.last.getTotals().getAccepted() + " stored, "
                    + acks.last.getTotals().getDuplicates() + " duplicates)";
        }
        if (uncertain) {
            what += "; the " + unacked + " messages sent after " + (acked == 0 ? "the start" : "it") + " (through line "
                    + lastLineOfMessage.get(lastLineOfMessage.size() - 1) + ") may or may not be stored";
        } else if (acked > 0) {
            what += ", the rest is not";
        }
        what += ". Resending the whole file is safe: the twin ignores samples it already has";
        return new StatusRuntimeException(e.getStatus().augmentDescription(what), e.getTrailers());
    }

    /** The acknowledgements received so far; waits for them, failing with the stream's error. */
    private static final class Acks implements StreamObserver<IngestTelemetryAck> {
        private volatile IngestTelemetryAck last;
        private volatile Throwable error;
        private volatile boolean completed;

        @Override
        public synchronized void onNext(IngestTelemetryAck ack) {
            last = ack;
            notifyAll();
        }

        @Override
        public synchronized void onError(Throwable t) {
            error = t;
            notifyAll();
        }

        @Override
        public synchronized void onCompleted() {
            completed = true;
            notifyAll();
        }

        /** Waits until {@code n} messages are acknowledged (n <= 0: returns at once). */
        synchronized void awaitAll(long n) throws InterruptedException {
            while ((last == null ? 0 : last.getSequence() + 1) < n) {
                if (error != null) {
                    throw error instanceof StatusRuntimeException sre ? sre : Status.fromThrowable(error).asRuntimeException();
                }
                if (completed) {
                    throw Status.INTERNAL.withDescription("the twin ended the stream before acknowledging every message")
                            .asRuntimeException();
                }
                wait(1000);
            }
        }
    }

    private LinkSample parse(String line, int lineNo) {
        String[] f = line.split(",", -1);
        if (f.length < 3) {
            throw new CliException(file + " line " + lineNo + ": expected time,link,rate_bps, got '" + line + "'");
        }
        LinkSample.Builder s = LinkSample.newBuilder().setTimeUnixMs(time(f[0].trim(), lineNo)).setLinkId(f[1].trim());
        try {
            s.setRateBps(Double.parseDouble(f[2].trim()));
            if (f.length > 3 && !f[3].isBlank()) {
                s.setDropsPps(Double.parseDouble(f[3].trim()));
            }
        } catch (NumberFormatException e) {
            throw new CliException(file + " line " + lineNo + ": not a number in '" + line + "'");
        }
        if (f.length > 4 && !f[4].isBlank()) {
            s.setOperState(switch (f[4].trim().toLowerCase()) {
                case "up" -> LinkState.LINK_STATE_UP;
                case "down" -> LinkState.LINK_STATE_DOWN;
                default -> throw new CliException(file + " line " + lineNo + ": oper_state must be up or down");
            });
        }
        return s.build();
    }

    private long time(String t, int lineNo) {
        try {
            return t.chars().allMatch(Character::isDigit) ? Long.parseLong(t) : Instant.parse(t).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new CliException(file + " line " + lineNo + ": time must be ISO-8601 or Unix milliseconds, got '" + t + "'");
        }
    }
}
