package io.twinloop.forecast.neural;

import io.twinloop.model.TrafficSample;
import io.twinloop.model.TrafficSeries;

/**
 * Per-series scaling fitted on training rows only: each OD pair's values are divided by the pair's
 * mean over the measured rows before the split ({@code z = x / scale}); the network total by the
 * mean total. A pair whose training mean is tiny gets the floor {@code max(1 bit/s, 1e-3 x the mean
 * scale)} so that a pair that starts carrying traffic later does not explode.
 *
 * <p>Scaling by the mean (not mean/std) keeps zero at zero and makes {@code z = 1} the pair's typical
 * level, so changes relative to the last value are comparable across pairs of very different size.
 *
 * @param scalesBps   one scale per OD pair, bit/s, each {@code > 0}
 * @param meanTotalBps mean network total over the training rows, bit/s, {@code > 0}
 */
record SeriesNormaliser(double[] scalesBps, double meanTotalBps) {

    /**
     * Fits on the measured rows of {@code [0, endRowExclusive)}.
     *
     * @throws IllegalArgumentException when no row there is measured
     */
    static SeriesNormaliser fit(TrafficSeries series, int endRowExclusive) {
        int pairs = series.pairs().size();
        double[] sum = new double[pairs];
        double total = 0;
        int n = 0;
        for (int r = 0; r < endRowExclusive; r++) {
            TrafficSample s = series.samples().get(r);
            if (s.missing()) {
                continue;
            }
            for (int p = 0; p < pairs; p++) {
                sum[p] += s.rateBps(p);
            }
            total += s.totalBps();
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("no measured row before row " + endRowExclusive
                    + " to fit the normalisation on");
        }
        double mean = 0;
        for (int p = 0; p < pairs; p++) {
            sum[p] /= n;
            mean += sum[p] / pairs;
        }
        double floor = Math.max(1.0, 1e-3 * mean);
        for (int p = 0; p < pairs; p++) {
            sum[p] = Math.max(sum[p], floor);
        }
        return new SeriesNormaliser(sum, Math.max(1.0, total / n));
    }
}
