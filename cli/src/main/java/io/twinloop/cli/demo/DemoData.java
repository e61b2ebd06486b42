package io.twinloop.cli.demo;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

/**
 * A synthetic but plausible backbone for the demo: 12 PoPs in US metro areas with their real
 * coordinates, 17 bidirectional links (two of them 2.5 Gbit/s, the rest 10 Gbit/s), unit IGP
 * weights, and three days of 15-minute traffic matrices from a gravity model (PoP weight =
 * metro population in millions) with a diurnal cycle in each PoP's local time and 8 %
 * log-normal noise. Deterministic for a given seed.
 */
public final class DemoData {
    /** Name, latitude, longitude, gravity weight (metro population, millions). */
    private static final Object[][] POPS = {
            {"Seattle", 47.61, -122.33, 4.0}, {"Sunnyvale", 37.37, -122.04, 7.7},
            {"LosAngeles", 34.05, -118.24, 13.2}, {"SaltLakeCity", 40.76, -111.89, 1.3},
            {"Denver", 39.74, -104.99, 3.0}, {"Dallas", 32.78, -96.80, 7.6},
            {"KansasCity", 39.10, -94.58, 2.2}, {"Houston", 29.76, -95.37, 7.1},
            {"Chicago", 41.88, -87.63, 9.5}, {"Atlanta", 33.75, -84.39, 6.1},
            {"Washington", 38.91, -77.04, 6.3}, {"NewYork", 40.71, -74.01, 19.8},
    };
    /** Endpoints (indices into POPS) and capacity in Gbit/s. */
    private static final double[][] LINKS = {
            {0, 1, 10}, {0, 4, 10}, {1, 2, 10}, {1, 3, 10}, {3, 4, 10}, {2, 7, 10}, {4, 6, 10}, {4, 5, 2.5},
            {6, 5, 10}, {5, 7, 10}, {6, 8, 10}, {7, 9, 10}, {8, 11, 10}, {8, 9, 2.5}, {9, 10, 10},
            {10, 11, 10}, {8, 10, 10},
    };
    /** Samples per day (15-minute intervals). */
    public static final int ROWS_PER_DAY = 96;
    public static final int DAYS = 3;
    /** Total offered traffic at the daily peak, in Mbit/s. */
    private static final double PEAK_TOTAL_MBPS = 36_000;

    private DemoData() {
    }

    /** The topology as Topology Zoo-style GML. */
    public static String gml() {
        StringBuilder s = new StringBuilder("graph [\n  directed 0\n  Network \"twinloop demo backbone\"\n");
        for (int i = 0; i < POPS.length; i++) {
            s.append(String.format(Locale.ROOT, "  node [\n    id %d\n    label \"%s\"\n    Latitude %.2f\n    Longitude %.2f\n  ]\n",
                    i, POPS[i][0], (double) POPS[i][1], (double) POPS[i][2]));
        }
        for (double[] l : LINKS) {
            s.append(String.format(Locale.ROOT, "  edge [\n    source %d\n    target %d\n    LinkSpeedRaw %.0f\n  ]\n",
                    (int) l[0], (int) l[1], l[2] * 1e9));
        }
        return s.append("]\n").toString();
    }

    /** Three days of traffic matrices in the CSV layout the twin reads (Mbit/s). */
    public static String trafficCsv(long seed) {
        int n = POPS.length;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    norm += weight(i) * weight(j);
                }
            }
        }
        StringBuilder s = new StringBuilder("time,n_demands_in_file");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    s.append(',').append(POPS[i][0]).append("->").append(POPS[j][0]);
                }
            }
        }
        s.append('\n');
        Random random = new Random(seed);
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm");
        LocalDateTime start = LocalDateTime.of(2026, 11, 2, 0, 0);
        for (int row = 0; row < ROWS_PER_DAY * DAYS; row++) {
            double utcHour = (row % ROWS_PER_DAY) * 24.0 / ROWS_PER_DAY;
            s.append(start.plusMinutes(15L * row).format(fmt)).append(',').append(n * (n - 1));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i == j) {
                        continue;
                    }
                    double diurnal = (activity(utcHour, i) + activity(utcHour, j)) / 2;
                    double noise = Math.exp(0.08 * random.nextGaussian());
                    double mbps = PEAK_TOTAL_MBPS * weight(i) * weight(j) / norm * diurnal * noise;
                    s.append(',').append(String.format(Locale.ROOT, "%.3f", mbps));
                }
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** Number of traffic rows generated. */
    public static int rows() {
        return ROWS_PER_DAY * DAYS;
    }

    private static double weight(int pop) {
        return (double) POPS[pop][3];
    }

    /** Activity in (0.35, 1] peaking at 20:00 local time; local time from the longitude. */
    private static double activity(double utcHour, int pop) {
        double local = utcHour + (double) POPS[pop][2] / 15.0;
        return 0.675 + 0.325 * Math.cos(2 * Math.PI * (local - 20) / 24);
    }
}
