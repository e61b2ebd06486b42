package io.twinloop.twin.store;

import io.twinloop.twin.telemetry.LinkSample;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Reads stored telemetry page by page, oldest first, in the order (time, link id). A page continues after
 * a cursor, the (time, link) of the previous page's last sample; as the twin stores a (link, time) at most
 * once, the cursor is an exact position and paging returns every sample exactly once, even while newer
 * samples arrive. Blocks are read in order of their first time and reading stops once no later block can
 * hold a sample of the page, keeping at most one page in memory.
 */
@ApplicationScoped
public class TelemetryPages {
    /** Where a page starts: after (timeMs, linkId); {@link #START} for the first page. */
    public record Cursor(long timeMs, String linkId) {
        public static final Cursor START = new Cursor(Long.MIN_VALUE, "");
    }

    /** One page, and whether more samples follow it. */
    public record Page(List<LinkSample> samples, boolean more) {
    }

    static final Comparator<LinkSample> ORDER =
            Comparator.comparingLong(LinkSample::timeUnixMs).thenComparing(LinkSample::linkId);

    private final TwinStore store;

    @Inject
    public TelemetryPages(TwinStore store) {
        this.store = store;
    }

    /**
     * The first {@code size} samples of {@code network} after {@code after}, of {@code linkIds} (all when
     * empty) with {@code fromMs <= time < toMs} (0 = unbounded), ordered by time then link id.
     */
    public Page page(String network, Collection<String> linkIds, long fromMs, long toMs, Cursor after, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be >= 1, got " + size);
        }
        Set<String> wanted = Set.copyOf(linkIds);
        long lower = Math.max(fromMs, after.timeMs());
        String sql = "SELECT first_ms, data FROM telemetry_block WHERE network = ? AND last_ms >= ?"
                + (toMs > 0 ? " AND first_ms < ?" : "") + " ORDER BY first_ms, id";
        // the size + 1 smallest samples seen, largest on top; one more than a page tells whether more follow
        PriorityQueue<LinkSample> best = new PriorityQueue<>(size + 2, ORDER.reversed());
        store.query(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, network);
                ps.setLong(2, lower);
                if (toMs > 0) {
                    ps.setLong(3, toMs);
                }
                ps.setFetchSize(16);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (best.size() > size && rs.getLong(1) > best.peek().timeUnixMs()) {
                            break; // this and every later block start after the page's last sample
                        }
                        for (LinkSample s : TelemetryBlocks.decode(rs.getBytes(2))) {
                            if ((wanted.isEmpty() || wanted.contains(s.linkId()))
                                    && (fromMs <= 0 || s.timeUnixMs() >= fromMs)
                                    && (toMs <= 0 || s.timeUnixMs() < toMs)
                                    && isAfter(s, after)) {
                                best.add(s);
                                if (best.size() > size + 1) {
                                    best.poll();
                                }
                            }
                        }
                    }
                }
            }
            return null;
        });
        List<LinkSample> out = new ArrayList<>(best);
        out.sort(ORDER);
        boolean more = out.size() > size;
        return new Page(more ? List.copyOf(out.subList(0, size)) : List.copyOf(out), more);
    }

    private static boolean isAfter(LinkSample s, Cursor c) {
        return s.timeUnixMs() > c.timeMs() || (s.timeUnixMs() == c.timeMs() && s.linkId().compareTo(c.linkId()) > 0);
    }
}
