package io.twinloop.cli.command;

import io.grpc.stub.StreamObserver;
import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.common.v1.LinkState;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Streams link telemetry from a CSV file to the twin. Layout: a header
 * {@code time,link,rate_bps[,drops_pps][,oper_state]}, time as ISO-8601 or Unix milliseconds,
 * oper_state {@code up}/{@code down} (empty = not reported).
 */
@Command(name = "telemetry", description = "Stream link telemetry from a CSV (time,link,rate_bps[,drops_pps][,oper_state]).")
public final class TelemetryCommand implements Callable<Integer> {
    static final int BATCH = 5_000;

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
        try (Endpoints ignored = endpoints; BufferedReader in = Files.newBufferedReader(file)) {
            CompletableFuture<IngestTelemetryResponse> done = new CompletableFuture<>();
            StreamObserver<IngestTelemetryRequest> out = TwinServiceGrpc.newStub(
                            endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .ingestTelemetry(new StreamObserver<>() {
                        @Override
                        public void onNext(IngestTelemetryResponse r) {
                            done.complete(r);
                        }

                        @Override
                        public void onError(Throwable t) {
                            done.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            done.complete(IngestTelemetryResponse.getDefaultInstance());
                        }
                    });
            long sent = 0;
            try {
                String header = in.readLine();
                if (header == null || !header.startsWith("time,link,rate_bps")) {
                    throw new CliException(file + ": the header must start with time,link,rate_bps");
                }
                IngestTelemetryRequest.Builder batch = IngestTelemetryRequest.newBuilder().setNetwork(network);
                String line;
                int lineNo = 1;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    batch.addSamples(parse(line, lineNo));
                    sent++;
                    if (batch.getSamplesCount() == BATCH) {
                        out.onNext(batch.build());
                        batch = IngestTelemetryRequest.newBuilder().setNetwork(network);
                    }
                }
                if (batch.getSamplesCount() > 0) {
                    out.onNext(batch.build());
                }
            } catch (CliException | IOException e) {
                out.onError(e);
                throw e;
            }
            out.onCompleted();
            IngestTelemetryResponse r;
            try {
                r = done.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw (e.getCause() instanceof RuntimeException re) ? re : e;
            }
            if (json) {
                System.out.println(Output.json(r));
            } else {
                System.out.printf("sent %d samples: %d accepted, %d rejected%s, %d link state changes%n", sent,
                        r.getAccepted(), r.getRejected(), r.getUnknownLinkIdsCount() > 0
                                ? " (unknown links: " + String.join(", ", r.getUnknownLinkIdsList()) + ")" : "",
                        r.getStateChanges());
            }
            return 0;
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
