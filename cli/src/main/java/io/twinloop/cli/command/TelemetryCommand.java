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
 * durable: if the stream breaks, the error says how many samples (through which line) are stored.
 */
@Command(name = "telemetry", description = "Stream link telemetry from a CSV (time,link,rate_bps[,drops_pps][,oper_state]).")
public final class TelemetryCommand implements Callable<Integer> {
    static final int BATCH = 5_000;
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
                System.out.printf("sent %d samples: %d accepted, %d rejected%s, %d link state changes%n", samples,
                        r.getAccepted(), r.getRejected(), r.getUnknownLinkIdsCount() > 0
                                ? " (unknown links: " + String.join(", ", r.getUnknownLinkIdsList()) + ")" : "",
                        r.getStateChanges());
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

    /** The stream broke: what is stored is what was acknowledged. */
    private StatusRuntimeException stored(StatusRuntimeException e, Acks acks, List<Integer> lastLineOfMessage) {
        long acked = acks.last == null ? 0 : acks.last.getSequence() + 1;
        String what = acked == 0 ? "nothing of " + file + " was stored"
                : "the samples of " + file + " through line " + lastLineOfMessage.get((int) acked - 1)
                        + " are stored (" + acks.last.getTotals().getAccepted() + " accepted), the rest is not";
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
