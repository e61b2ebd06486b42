package io.twinloop.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads another JVM's memory from outside, without JMX: {@code jcmd <pid> GC.run} (a full collection),
 * then {@code GC.heap_info} in the same {@code jcmd} call, plus the resident set size and thread count
 * from {@code /proc/<pid>/status}. {@code jcmd} is taken from the running JDK, so it matches the
 * services' JVM (they are started with the same {@code java}).
 */
final class JvmMemoryProbe {
    /** A generation line of {@code GC.heap_info}: Serial, Parallel and G1 spell them differently. */
    private static final Pattern GENERATION = Pattern.compile(
            "^\\s*(def new generation|tenured generation|PSYoungGen|ParOldGen|garbage-first heap)\\s+total (\\d+)K, used (\\d+)K",
            Pattern.MULTILINE);
    private static final Pattern METASPACE = Pattern.compile("^\\s*Metaspace\\s+used (\\d+)K, committed (\\d+)K",
            Pattern.MULTILINE);
    private static final Pattern FLAG = Pattern.compile("-XX:(InitialHeapSize|MaxHeapSize)=(\\d+)");
    private static final Pattern GC_FLAG = Pattern.compile("-XX:\\+(Use\\w+GC)");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

    /**
     * One reading after a full GC.
     *
     * @param heapUsedBytes      heap in use after the collection (all generations)
     * @param heapCommittedBytes heap committed (all generations)
     * @param metaspaceUsedBytes class metadata in use
     * @param rssBytes           resident set size ({@code VmRSS})
     * @param threads            OS threads of the process
     */
    record Reading(long heapUsedBytes, long heapCommittedBytes, long metaspaceUsedBytes, long rssBytes, int threads) {
    }

    /** The heap settings a JVM runs with, as it reports them. */
    record HeapFlags(long initialHeapBytes, long maxHeapBytes, String gc) {
    }

    private JvmMemoryProbe() {
    }

    /** Forces a full GC in {@code pid} and reads its heap, metaspace, RSS and threads. */
    static Reading afterFullGc(long pid) throws IOException, InterruptedException {
        String out = jcmd(pid, "GC.run", "GC.heap_info");
        long used = 0;
        long committed = 0;
        Matcher g = GENERATION.matcher(out);
        int found = 0;
        while (g.find()) {
            committed += Long.parseLong(g.group(2)) * 1024;
            used += Long.parseLong(g.group(3)) * 1024;
            found++;
        }
        if (found == 0) {
            throw new IllegalStateException("no heap generations in jcmd GC.heap_info of " + pid + ":\n" + out);
        }
        Matcher m = METASPACE.matcher(out);
        long meta = m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        Map<String, String> status = procStatus(pid);
        long rss = status.containsKey("VmRSS") ? Long.parseLong(status.get("VmRSS").replaceAll("\\D", "")) * 1024 : -1;
        int threads = status.containsKey("Threads") ? Integer.parseInt(status.get("Threads").trim()) : -1;
        return new Reading(used, committed, meta, rss, threads);
    }

    /** The JVM's initial and maximum heap and its collector, from {@code jcmd VM.flags}. */
    static HeapFlags heapFlags(long pid) throws IOException, InterruptedException {
        String out = jcmd(pid, "VM.flags");
        long initial = -1;
        long max = -1;
        Matcher m = FLAG.matcher(out);
        while (m.find()) {
            if (m.group(1).equals("InitialHeapSize")) {
                initial = Long.parseLong(m.group(2));
            } else {
                max = Long.parseLong(m.group(2));
            }
        }
        Matcher gc = GC_FLAG.matcher(out);
        return new HeapFlags(initial, max, gc.find() ? gc.group(1) : "?");
    }

    /**
     * Bytes per class of the live objects ({@code GC.class_histogram}, which collects first), the
     * {@code top} largest.
     */
    static Map<String, Long> histogram(long pid, int top) throws IOException, InterruptedException {
        String out = jcmd(pid, "GC.class_histogram");
        Map<String, Long> bytes = new LinkedHashMap<>();
        Matcher m = HISTOGRAM_ROW.matcher(out);
        while (m.find() && bytes.size() < top) {
            bytes.put(m.group(3), Long.parseLong(m.group(2)));
        }
        return bytes;
    }

    private static Map<String, String> procStatus(long pid) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** Runs the diagnostic commands in one {@code jcmd} call ({@code -f} reads them from a file). */
    private static String jcmd(long pid, String... commands) throws IOException, InterruptedException {
        Path file = Files.createTempFile("jcmd", ".txt");
        try {
            Files.writeString(file, String.join("\n", commands) + "\n");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "-f", file.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + String.join(", ", commands) + " failed:\n"
                        + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
