package io.twinloop.cli.command;

import io.grpc.StatusRuntimeException;
import io.twinloop.proto.twin.v1.GetDataQualityRequest;
import io.twinloop.proto.twin.v1.LinkDataQuality;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

import java.io.PrintStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * For {@code watch}: polls the twin's data quality and prints a line when a link that had telemetry goes without a
 * sample for the stale time (STALE), and when it has samples again (FRESH). Links never seen are not reported (a
 * network without telemetry would list them all); {@code twinloop quality} shows them.
 */
final class StaleLinks implements Runnable {
    private final TwinServiceGrpc.TwinServiceBlockingStub twin;
    private final String network;
    private final double staleSeconds;
    private final boolean json;
    private final PrintStream out;
    private final Set<String> stale = new HashSet<>();

    StaleLinks(TwinServiceGrpc.TwinServiceBlockingStub twin, String network, double staleSeconds, boolean json, PrintStream out) {
        this.twin = twin;
        this.network = network;
        this.staleSeconds = staleSeconds;
        this.json = json;
        this.out = out;
    }

    @Override
    public void run() {
        long periodMs = (long) (1000 * Math.max(1, Math.min(30, staleSeconds / 4)));
        while (!Thread.currentThread().isInterrupted()) {
            try {
                check(twin.withDeadlineAfter(30, TimeUnit.SECONDS).getDataQuality(
                        GetDataQualityRequest.newBuilder().setNetwork(network).build()).getLinksList());
            } catch (StatusRuntimeException e) {
                // the event stream reports a twin that went away; try again at the next period
            }
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Prints the links that went stale or came back since the last check. */
    void check(List<LinkDataQuality> links) {
        for (LinkDataQuality q : links) {
            if (q.getLastSampleAgeSeconds() < 0) {
                continue;
            }
            boolean isStale = q.getLastSampleAgeSeconds() > staleSeconds;
            if (isStale && stale.add(q.getLinkId())) {
                print("STALE", q.getLinkId(), String.format(Locale.ROOT, "no telemetry sample for %.0f s (last %s)",
                        q.getLastSampleAgeSeconds(), q.getLastSampleTime()));
            } else if (!isStale && stale.remove(q.getLinkId())) {
                print("FRESH", q.getLinkId(), "telemetry samples again (last " + q.getLastSampleTime() + ")");
            }
        }
    }

    private void print(String kind, String link, String message) {
        synchronized (System.out) {
            if (json) {
                out.printf("{\"kind\": \"%s\", \"network\": \"%s\", \"linkId\": \"%s\", \"message\": \"%s\"}%n", kind,
                        escape(network), escape(link), escape(message));
            } else {
                out.printf("%s  %-20s link %s: %s%n", Instant.now(), kind, link, message);
            }
            out.flush();
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
