package io.twinloop.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time and resident memory of processes and threads from Linux's {@code /proc}, cheap enough to read
 * every second: {@code /proc/<pid>/stat} (utime, stime, and the waited-for children's cutime, cstime),
 * {@code /proc/<pid>/task/<tid>/stat} per thread, {@code /proc/<pid>/status} (VmRSS), {@code /proc/stat}
 * (the machine's busy and total time) and {@code /proc/loadavg}. Times are in seconds (clock ticks / 100:
 * {@code getconf CLK_TCK} is 100 on Linux x86-64).
 */
final class ProcStat {
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {
    }

    /** CPU seconds of a process: its own (user + system) and its waited-for children's. */
    record Cpu(double ownSeconds, double childrenSeconds) {
    }

    /** CPU seconds of {@code pid} (all its threads); {@code null} when the process is gone. */
    static Cpu cpu(long pid) {
        String[] f = statFields(Path.of("/proc", Long.toString(pid), "stat"));
        if (f == null) {
            return null;
        }
        // fields after "(comm)": index 0 = state (field 3); utime = field 14 -> index 11, stime 12, cutime 13, cstime 14
        return new Cpu((Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND,
                (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND);
    }

    /**
     * CPU seconds per thread name of {@code pid}, threads with the same name after removing digits summed
     * (e.g. all {@code executor-thread-N} as {@code executor-thread-#}). Threads that ended are not counted.
     */
    static Map<String, Double> cpuByThreadName(long pid) {
        Map<String, Double> out = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                String raw;
                try {
                    raw = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // thread ended
                }
                int open = raw.indexOf('(');
                int close = raw.lastIndexOf(')');
                String name = raw.substring(open + 1, close).replaceAll("\\d+", "#");
                String[] f = raw.substring(close + 2).trim().split("\\s+");
                double s = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                out.merge(name, s, Double::sum);
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Resident set size of {@code pid} in bytes (VmRSS), -1 when unknown. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** The machine's CPU time so far, summed over all cores: busy and total, in seconds. */
    record Machine(double busySeconds, double totalSeconds) {
    }

    static Machine machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0); // "cpu  user nice system idle iowait irq softirq steal ..."
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new Machine((total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return new Machine(0, 0);
        }
    }

    /** The 1-, 5- and 15-minute load averages, as /proc/loadavg prints them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** The 1-minute load average, NaN when unknown. */
    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Per-thread-name CPU seconds between two readings, largest first, the {@code top} largest. */
    static Map<String, Double> diffTop(Map<String, Double> before, Map<String, Double> after, int top) {
        Map<String, Double> d = new TreeMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
        Map<String, Double> out = new LinkedHashMap<>();
        d.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(top)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static String[] statFields(Path stat) {
        try {
            String raw = Files.readString(stat);
            return raw.substring(raw.lastIndexOf(')') + 2).trim().split("\\s+");
        } catch (IOException e) {
            return null;
        }
    }
}
