package io.twinloop.forecast.grpc;

import io.twinloop.forecast.baseline.NoTrafficHistoryException;
import io.twinloop.forecast.baseline.TrafficHistory;
import io.twinloop.forecast.client.TwinClient;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.TimeLabels;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.platform.grpc.RequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The series a Train or Backtest call works on: the request's traffic CSV when it has one, else the
 * network's latest {@value #MAX_TRAIN_ROWS} rows from the twin.
 */
@ApplicationScoped
public class TrainingData {
    /** Most history rows a training run or a backtest reads from the twin. */
    static final int MAX_TRAIN_ROWS = 10_000;
    /** Largest traffic CSV accepted in a request. */
    static final int MAX_CSV_BYTES = 64 << 20;

    @Inject
    TwinClient twin;

    /** A series to train or backtest on, with its step and where it came from ({@code csv} or {@code twin}). */
    record Data(TrafficSeries series, int stepSeconds, String source) {
    }

    /** The CSV in {@code csv} (the request field {@code csvField}) when it is not empty, else the twin's rows. */
    Data data(String network, byte[] csv, String csvField) {
        if (csv.length > 0) {
            if (csv.length > MAX_CSV_BYTES) {
                throw new RequestException(csvField, "the CSV is " + csv.length + " bytes; the limit is " + MAX_CSV_BYTES);
            }
            TrafficSeries s;
            try {
                s = TrafficCsvImporter.read(csv);
            } catch (ImportException | InvalidNetworkException e) {
                throw new RequestException(csvField, "cannot read the traffic CSV: " + e.getMessage());
            }
            int step = stepSeconds(s);
            if (step <= 0) {
                throw new RequestException(csvField, "the CSV's time labels have no regular step; "
                        + "use yyyyMMdd-HHmm or ISO-8601 times at a fixed interval");
            }
            return new Data(s, step, "csv");
        }
        TrafficHistory last = twin.latest(network);
        int total = last.totalSamples();
        if (total == 0) {
            throw new NoTrafficHistoryException(network,
                    "network " + network + " has no traffic history; import a traffic CSV first");
        }
        if (last.stepSeconds() <= 0) {
            throw new TrainingException("the traffic series of network " + network + " has no regular step");
        }
        TrafficHistory h = twin.rows(network, Math.max(0, total - MAX_TRAIN_ROWS), total);
        return new Data(h.series(), last.stepSeconds(), "twin");
    }

    /** The median interval between consecutive readable time labels, 0 when there is none. */
    static int stepSeconds(TrafficSeries s) {
        List<Long> diffs = new ArrayList<>();
        Instant prev = null;
        for (TrafficSample t : s.samples()) {
            Instant now = TimeLabels.parse(t.time()).orElse(null);
            if (now == null) {
                return 0;
            }
            if (prev != null) {
                diffs.add(now.getEpochSecond() - prev.getEpochSecond());
            }
            prev = now;
        }
        if (diffs.isEmpty()) {
            return 0;
        }
        diffs.sort(null);
        long median = diffs.get(diffs.size() / 2);
        return median > 0 && median <= Integer.MAX_VALUE ? (int) median : 0;
    }
}
