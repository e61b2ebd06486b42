package io.twinloop.twin.grpc;

import io.twinloop.model.ImportException;
import io.twinloop.model.TimeLabels;
import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.platform.grpc.RequestException;
import io.twinloop.platform.proto.Translator;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.ImportTrafficResponse;
import io.twinloop.proto.twin.v1.LinkResidual;
import io.twinloop.proto.twin.v1.SampleResiduals;
import io.twinloop.twin.limits.TwinLimits;
import io.twinloop.twin.store.Snapshot;
import io.twinloop.twin.store.TrafficResiduals;
import io.twinloop.twin.store.TrafficStore;
import io.twinloop.twin.store.TwinStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.function.IntFunction;

import static io.twinloop.twin.grpc.RequestFields.networkName;

/**
 * The traffic-series RPCs of the twin: loading a CSV file (appended after the stored rows, or
 * replacing them) and reading the history by rows, by times or the latest samples, with the residuals of
 * estimated rows on request.
 * {@link TwinGrpcService} delegates to these methods.
 */
@ApplicationScoped
public class TrafficRpcs {
    /** Largest number of samples returned by one GetTrafficHistory call. */
    static final int MAX_HISTORY_SAMPLES = 10_000;

    @Inject
    TwinStore store;
    @Inject
    TrafficStore trafficStore;
    @Inject
    TrafficResiduals residuals;
    @Inject
    TwinLimits limits;

    public ImportTrafficResponse importTraffic(ImportTrafficRequest req) {
        String name = networkName(req.getNetwork());
        if (req.getAppend() && req.getReplace()) {
            throw new RequestException("replace", "append and replace contradict each other: appending is the "
                    + "default, set only replace to replace the stored series");
        }
        byte[] content = RequestFields.fileContent(req.getCsvContent(), "csv_content");
        Snapshot latest = store.snapshot(name, 0);
        TrafficSeries series = TrafficCsvImporter.read(content);
        String file = req.getFileName().isBlank() ? "the file" : req.getFileName();
        if (series.size() == 0) {
            throw new ImportException(TrafficCsvImporter.FORMAT, 1, file + " has a header but no samples: nothing to load, "
                    + "and the stored series is kept" + (req.getReplace() ? " (a series is never replaced by nothing)" : ""));
        }
        limits.checkOdPairs(series.pairs().size());
        series.validateAgainst(latest.network());
        IntFunction<String> where = i -> "line " + TrafficCsvImporter.lineOf(i);
        int missing = (int) series.samples().stream().filter(TrafficSample::missing).count();
        ImportTrafficResponse.Builder b = ImportTrafficResponse.newBuilder()
                .setSamples(series.size()).setOdPairs(series.pairs().size()).setReplaced(req.getReplace())
                .setFirstTime(series.samples().get(0).time()).setLastTime(series.samples().get(series.size() - 1).time());
        if (req.getReplace()) {
            trafficStore.replaceTraffic(name, series, where);
            b.setMissingSamples(missing).setFirstRow(0).setTotalSamples(series.size());
        } else {
            TrafficStore.TrafficLoad load = trafficStore.appendTraffic(name, series, where);
            b.setMissingSamples(missing + load.gapRows()).setGapRows(load.gapRows())
                    .setFirstRow((int) load.firstRow()).setTotalSamples((int) load.totalRows());
        }
        return b.build();
    }

    public GetTrafficHistoryResponse getTrafficHistory(GetTrafficHistoryRequest req) {
        String name = networkName(req.getNetwork());
        TrafficSeries series = trafficStore.traffic(name);
        int total = series.size();
        if (req.getLimit() < 0) {
            throw new RequestException("limit", "limit must be >= 0, got " + req.getLimit());
        }
        int limit = req.getLimit() == 0 ? MAX_HISTORY_SAMPLES : Math.min(req.getLimit(), MAX_HISTORY_SAMPLES);
        int from;
        int to;
        if (req.hasFromRow() || req.hasToRow()) {
            from = req.hasFromRow() ? req.getFromRow() : 0;
            to = req.hasToRow() ? req.getToRow() : total;
            if (from < 0 || to > total || from > to) {
                throw new RequestException("from_row", "row range [" + from + ", " + to
                        + ") is outside the series of " + total + " samples");
            }
            to = Math.min(to, from + limit);
        } else if (!req.getFromTime().isBlank() || !req.getToTime().isBlank()) {
            long lo = req.getFromTime().isBlank() ? Long.MIN_VALUE : time(req.getFromTime(), "from_time");
            long hi = req.getToTime().isBlank() ? Long.MAX_VALUE : time(req.getToTime(), "to_time");
            from = total;
            to = total;
            for (int i = 0; i < total; i++) {
                long t = TimeLabels.epochSeconds(series.samples().get(i).time()).orElse(Long.MIN_VALUE);
                if (t >= lo && from == total) {
                    from = i;
                }
                if (t >= hi) {
                    to = i;
                    break;
                }
            }
            from = Math.min(from, to);
            to = Math.min(to, from + limit);
        } else {
            to = total;
            from = Math.max(0, total - limit);
        }
        GetTrafficHistoryResponse.Builder b = GetTrafficHistoryResponse.newBuilder()
                .setNetwork(name).setFirstRow(from).setTotalSamples(total)
                .setStepSeconds(TimeLabels.stepSeconds(series.samples().stream().map(TrafficSample::time).toList()));
        for (int i = from; i < to; i++) {
            TrafficSample sample = series.samples().get(i);
            b.addSamples(Translator.matrix(sample.time(), sample.missing() ? List.of() : series.demandsAt(i),
                    sample.fitError()));
        }
        if (req.getWithResiduals() && from < to) {
            residuals.rows(name, from, to).forEach((row, r) -> {
                SampleResiduals.Builder sr = SampleResiduals.newBuilder().setRow(row).addAllMissingLinkIds(r.missingLinkIds());
                r.links().forEach(f -> sr.addLinks(LinkResidual.newBuilder().setLinkId(f.linkId())
                        .setCountedBps(f.countedBps()).setResidualBps(f.residualBps())));
                b.addResiduals(sr);
            });
        }
        return b.build();
    }

    private static long time(String label, String field) {
        return TimeLabels.epochSeconds(label).orElseThrow(() -> new RequestException(field,
                "cannot read time '" + label + "'; use ISO-8601 (2004-03-01T00:05:00Z) or yyyyMMdd-HHmm"));
    }
}
