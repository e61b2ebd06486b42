package io.twinloop.model.telemetry;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static io.twinloop.model.telemetry.CounterRateConverter.NO_MARKER;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkRateReconcilerTest {

    private static final CounterKey SRC = CounterKey.of("a", "eth1", CounterKind.OUT_OCTETS);
    private static final CounterKey DST = CounterKey.of("b", "eth7", CounterKind.IN_OCTETS);

    @Test
    void sourceOutWinsAndTheDisagreementIsRelativeToTheLarger() {
        CounterRateConverter c = new CounterRateConverter(RateConfig.of(TimeUnit.MILLISECONDS), null, (k, s, e, r) -> { });
        c.accept(SRC, 0, 5_000, CounterWidth.BITS_64, NO_MARKER);
        c.accept(SRC, 10_000, 100, CounterWidth.BITS_64, NO_MARKER); // one unmarked reset
        c.accept(DST, 0, 0, CounterWidth.BITS_64, 1);
        c.accept(DST, 8_000, 10, CounterWidth.BITS_64, 2); // one marked reset
        LinkRate l = LinkRateReconciler.reconcile("a-b", 9e9, 8.1e9, c.stats(SRC), c.stats(DST), 12_500);
        assertEquals(9e9, l.rateBps());
        assertEquals(LinkRate.End.SOURCE_OUT, l.used());
        assertEquals(0.1, l.disagreement(), 1e-12); // 0.9e9 / 9e9
        assertEquals(2_500, l.lastSampleAge()); // source's last sample at 10 s
        assertEquals(2, l.resets());

        LinkRate onlyDst = LinkRateReconciler.reconcile("a-b", Double.NaN, 8.1e9, c.stats(SRC), c.stats(DST), 12_500);
        assertEquals(8.1e9, onlyDst.rateBps());
        assertEquals(LinkRate.End.DESTINATION_IN, onlyDst.used());
        assertEquals(Double.NaN, onlyDst.disagreement());
        assertEquals(4_500, onlyDst.lastSampleAge());
    }

    @Test
    void idleAndSilentLinks() {
        assertEquals(0.0, LinkRateReconciler.reconcile("l", 0, 0, null, null, 0).disagreement());
        LinkRate none = LinkRateReconciler.reconcile("l", Double.NaN, Double.NaN, null, null, 0);
        assertEquals(LinkRate.End.NONE, none.used());
        assertEquals(Double.NaN, none.rateBps());
        assertEquals(-1, none.lastSampleAge());
        assertEquals(0, none.resets());
        assertEquals(1.0, LinkRateReconciler.reconcile("l", 0, 5e6, null, null, 0).disagreement());
    }
}
