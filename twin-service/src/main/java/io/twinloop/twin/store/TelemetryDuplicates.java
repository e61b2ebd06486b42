package io.twinloop.twin.store;

import io.twinloop.twin.telemetry.LinkSample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a (network, link, time) sample stored at most once: {@link #fresh} drops from a batch the samples
 * that repeat an earlier one of the batch or one already stored, so a resent file or a redelivered message
 * changes nothing (the first stored value wins). It runs inside the append's transaction, which holds the
 * network's head lock, so two writers (threads or replicas) cannot both store the same sample.
 *
 * <p>Cost: the database is asked only for the blocks whose time range overlaps the batch's (an index scan
 * on {@code (network, last_ms)}); of those, only the blocks that hold one of the batch's links within that
 * link's time range in the batch are read and scanned, key by key. A block's per-link time ranges are
 * cached by (block id, sample count), which identifies its content because a block only ever loses samples.
 * A time-ordered stream (collectors, the CLI) overlaps about one earlier block per batch, so dedup costs
 * O(batch + block) per batch: linear in what is ingested. A resend scans the blocks it repeats, once.
 */
final class TelemetryDuplicates {
    /** Block summaries kept: a few MiB at most (a summary is one time range per link of the block). */
    private static final int MAX_SUMMARIES = 1024;

    /** The batch less its duplicates, in order, and how many were dropped. */
    record Fresh(List<LinkSample> samples, int duplicates) {
    }

    private record BlockKey(long id, int samples) {
    }

    private final Map<BlockKey, Map<String, long[]>> summaries = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<BlockKey, Map<String, long[]>> eldest) {
                    return size() > MAX_SUMMARIES;
                }
            });

    Fresh fresh(Connection c, String network, List<LinkSample> batch) throws SQLException {
        Map<String, Set<Long>> wanted = new HashMap<>();
        Map<String, long[]> ranges = new HashMap<>();
        List<LinkSample> unique = new ArrayList<>(batch.size());
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (LinkSample s : batch) {
            if (wanted.computeIfAbsent(s.linkId(), k -> new HashSet<>()).add(s.timeUnixMs())) {
                unique.add(s);
                widen(ranges, s.linkId(), s.timeUnixMs());
                min = Math.min(min, s.timeUnixMs());
                max = Math.max(max, s.timeUnixMs());
            }
        }
        if (unique.isEmpty()) {
            return new Fresh(unique, batch.size());
        }
        int[] stored = {0};
        try (PreparedStatement ps = c.prepareStatement("SELECT id, samples FROM telemetry_block "
                + "WHERE network = ? AND last_ms >= ? AND first_ms <= ?")) {
            ps.setString(1, network);
            ps.setLong(2, min);
            ps.setLong(3, max);
            List<BlockKey> candidates = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(new BlockKey(rs.getLong(1), rs.getInt(2)));
                }
            }
            for (BlockKey block : candidates) {
                Map<String, long[]> summary = summaries.get(block);
                byte[] data = null;
                if (summary == null) {
                    data = data(c, block.id());
                    if (data.length == 0) {
                        continue;
                    }
                    summary = summarize(data);
                    summaries.put(block, summary);
                }
                if (!overlaps(summary, ranges)) {
                    continue;
                }
                if (data == null) {
                    data = data(c, block.id());
                    if (data.length == 0) {
                        continue;
                    }
                }
                TelemetryBlocks.forEachKey(data, (link, time) -> {
                    Set<Long> times = wanted.get(link);
                    if (times != null && times.remove(time)) {
                        stored[0]++;
                    }
                });
            }
        }
        if (stored[0] == 0) {
            return new Fresh(unique, batch.size() - unique.size());
        }
        List<LinkSample> out = new ArrayList<>(unique.size() - stored[0]);
        for (LinkSample s : unique) {
            if (wanted.get(s.linkId()).contains(s.timeUnixMs())) {
                out.add(s);
            }
        }
        return new Fresh(out, batch.size() - out.size());
    }

    private static byte[] data(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT data FROM telemetry_block WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : new byte[0];
            }
        }
    }

    private static Map<String, long[]> summarize(byte[] data) {
        Map<String, long[]> out = new HashMap<>();
        TelemetryBlocks.forEachKey(data, (link, time) -> widen(out, link, time));
        return out;
    }

    private static void widen(Map<String, long[]> ranges, String link, long time) {
        long[] r = ranges.get(link);
        if (r == null) {
            ranges.put(link, new long[] {time, time});
        } else {
            r[0] = Math.min(r[0], time);
            r[1] = Math.max(r[1], time);
        }
    }

    private static boolean overlaps(Map<String, long[]> block, Map<String, long[]> batch) {
        Map<String, long[]> small = block.size() <= batch.size() ? block : batch;
        Map<String, long[]> large = small == block ? batch : block;
        for (Map.Entry<String, long[]> e : small.entrySet()) {
            long[] other = large.get(e.getKey());
            if (other != null && other[0] <= e.getValue()[1] && e.getValue()[0] <= other[1]) {
                return true;
            }
        }
        return false;
    }
}
