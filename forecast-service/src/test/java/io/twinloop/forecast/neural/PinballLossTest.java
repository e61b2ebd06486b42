package io.twinloop.forecast.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PinballLossTest {

    @Test
    void elementWisePinballMatchesTheDefinition() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray y = m.create(new float[] {3, 1, 2, 2});
            NDArray p = m.create(new float[] {1, 3, 2, 5});
            // q = 0.9: under-forecast by 2 costs 0.9 * 2, over-forecast by 2 costs 0.1 * 2, exact costs 0
            assertArrayEquals(new float[] {1.8f, 0.2f, 0f, 0.3f}, PinballLoss.pinball(y, p, 0.9f).toFloatArray(), 1e-6f);
            // q = 0.5: half the absolute error
            assertArrayEquals(new float[] {1f, 1f, 0f, 1.5f}, PinballLoss.pinball(y, p, 0.5f).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void weightedLossOfBothQuantilesMatchesAHandComputation() {
        int h = 2;
        float[][] raw = {{1.0f, -0.5f, 0.3f, -2.0f}, {0.0f, 2.0f, 1.5f, 0.0f}};
        float[][] y = {{2.0f, -1.0f}, {-0.5f, 2.0f}};
        float[][] w = {{1.0f, 0.0f}, {2.5f, 0.5f}};
        double sum = 0;
        double weights = 0;
        for (int n = 0; n < 2; n++) {
            for (int k = 0; k < h; k++) {
                double p50 = raw[n][k];
                double p90 = p50 + Math.log1p(Math.exp(raw[n][h + k]));
                double e50 = y[n][k] - p50;
                double e90 = y[n][k] - p90;
                double l = Math.max(0.5 * e50, -0.5 * e50) + Math.max(0.9 * e90, -0.1 * e90);
                sum += w[n][k] * l;
                weights += w[n][k];
            }
        }
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDList labels = new NDList(m.create(y), m.create(w));
            NDList pred = new NDList(m.create(raw));
            PinballLoss loss = new PinballLoss(h);
            assertEquals(sum / weights, loss.evaluate(labels, pred).getFloat(), 1e-5);
            assertEquals(sum, loss.weightedSum(labels, pred).getFloat(), 1e-5);
            NDList q = PinballLoss.quantiles(pred.get(0), h);
            assertEquals(new Shape(2, 2), q.get(1).getShape());
            assertEquals((float) Math.log1p(Math.exp(1.5)), q.get(1).getFloat(1, 0), 1e-5f);
            assertEquals(-0.5f + (float) Math.log1p(Math.exp(-2.0)), q.get(1).getFloat(0, 1), 1e-5f);
            assertEquals(2.0f, q.get(0).getFloat(1, 1), 0f);
            // p90 is never below p50
            float[] p50 = q.get(0).toFloatArray();
            float[] p90 = q.get(1).toFloatArray();
            for (int i = 0; i < p50.length; i++) {
                assertEquals(true, p90[i] >= p50[i]);
            }
        }
    }
}
