package io.twinloop.model.io;

import io.twinloop.model.SharedData;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structure-aware mutations of real files from {@code ../shared/data}: they make the starting corpus
 * of the coverage-guided fuzz targets (Jazzer mutates bytes from there) and, in a normal test run,
 * are run as plain test cases.
 *
 * <p>Mutations work on the text: drop, duplicate or repeat a whole element/block (an SNDlib
 * {@code <link>}, a GML {@code edge [ ]}, a JSON object, a CSV row or column); replace a number
 * with a hostile one (NaN, Infinity, -1, 1e309, 1e-400, a 400-digit integer, hex, an overflowing
 * exponent); replace a name or string with a hostile one (empty, blank, control and bidi
 * characters, a lone surrogate, invalid markup, 5,000 characters); nest deeply; truncate; flip
 * bytes. Everything is derived from a fixed seed, so the corpus is the same on every run.
 */
final class SeedMutator {

    static final String[] HOSTILE_NUMBERS = {"NaN", "Infinity", "-Infinity", "-1", "-0", "0", "1e309", "-1e309",
            "1e-400", "4.9e-324", "1.7976931348623157e308", "9".repeat(400), "0x10", "1_000", "1e2147483648",
            "1e-2147483649", "+5", ".5", "5.", "1e", "--1", "", " ", "١٢", "12\u0000"};
    static final String[] HOSTILE_NAMES = {"", " ", "\t", "a\u0000b", "\u202eevil", "\uD800", "Zürich", "A,B", "A->B",
            "x".repeat(5000), "&amp;", "&#0;", "<![CDATA[x]]>", "\"", "'", "]", "[", "{}", "#1", "e0~rev", "null"};

    private final Random rnd;
    private final Pattern blocks;
    private final String open;
    private final String close;
    private int maxBytes = Integer.MAX_VALUE;

    /**
     * @param seed   fixed random seed
     * @param blocks what a structural unit looks like in this format (dropped, duplicated, repeated)
     * @param open   text that opens one nesting level (for deep-nesting mutants)
     * @param close  text that closes it
     */
    SeedMutator(long seed, Pattern blocks, String open, String close) {
        this.rnd = new Random(seed);
        this.blocks = blocks;
        this.open = open;
        this.close = close;
    }

    /** The XML flavour (SNDlib and GraphML). */
    static SeedMutator xml(long seed) {
        return new SeedMutator(seed, Pattern.compile("(?s)<(node|link|demand|edge|key|data|addModule|coordinates)\\b[^>]*>.*?</\\1>"),
                "<x>", "</x>");
    }

    /** The GML flavour. */
    static SeedMutator gml(long seed) {
        return new SeedMutator(seed, Pattern.compile("(?m)^\\s*(node|edge)\\s*\\[[^\\[\\]]*\\]"), "a [ ", " ]");
    }

    /** The node-link JSON flavour. */
    static SeedMutator json(long seed) {
        return new SeedMutator(seed, Pattern.compile("\\{[^{}\\[\\]]*\\}"), "[", "]");
    }

    /** The traffic CSV flavour (blocks are rows). */
    static SeedMutator csv(long seed) {
        return new SeedMutator(seed, Pattern.compile("(?m)^[^\\n]*\\n"), "", "");
    }

    /** Real seed files, each cut to at most {@code maxBytes} (at a line end, so CSV rows stay whole). */
    static List<byte[]> seeds(int maxBytes, String... relativePaths) {
        List<byte[]> out = new ArrayList<>();
        for (String p : relativePaths) {
            out.add(cut(SharedData.bytes(p), maxBytes));
        }
        return out;
    }

    static byte[] cut(byte[] b, int maxBytes) {
        if (b.length <= maxBytes) {
            return b;
        }
        int end = maxBytes;
        while (end > 0 && b[end - 1] != '\n') {
            end--;
        }
        return Arrays.copyOf(b, end > 0 ? end : maxBytes);
    }

    /** The seeds followed by {@code perSeed} structure-aware mutants of each, none longer than {@code maxBytes}. */
    List<byte[]> corpus(List<byte[]> seeds, int perSeed, int maxBytes) {
        this.maxBytes = maxBytes;
        List<byte[]> out = new ArrayList<>(seeds);
        for (byte[] s : seeds) {
            for (int i = 0; i < perSeed; i++) {
                byte[] m = mutate(s, i);
                out.add(m.length <= maxBytes ? m : Arrays.copyOf(m, maxBytes));
            }
        }
        return out;
    }

    /** One mutant; {@code kind} cycles through the mutation kinds so that each is represented. */
    byte[] mutate(byte[] seed, int kind) {
        String s = new String(seed, StandardCharsets.UTF_8);
        String m = switch (kind % 10) {
            case 0 -> dropBlock(s);
            case 1 -> duplicateBlock(s, 1 + rnd.nextInt(3));
            case 2 -> replaceNumber(s, HOSTILE_NUMBERS[rnd.nextInt(HOSTILE_NUMBERS.length)]);
            case 3 -> replaceName(s, HOSTILE_NAMES[rnd.nextInt(HOSTILE_NAMES.length)]);
            case 4 -> duplicateBlock(s, 200 + rnd.nextInt(800)); // huge counts
            case 5 -> nest(s, 50 + rnd.nextInt(400));
            case 6 -> s.substring(0, rnd.nextInt(Math.max(1, s.length())));
            case 7 -> {
                String once = replaceNumber(s, HOSTILE_NUMBERS[rnd.nextInt(HOSTILE_NUMBERS.length)]);
                yield once == null ? null : replaceNumber(once, HOSTILE_NUMBERS[rnd.nextInt(HOSTILE_NUMBERS.length)]);
            }
            case 8 -> swapBlocks(s);
            default -> null;
        };
        return m != null ? m.getBytes(StandardCharsets.UTF_8) : flipBytes(seed);
    }

    private List<int[]> blockSpans(String s) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = blocks.matcher(s);
        while (m.find() && spans.size() < 20_000) {
            spans.add(new int[] {m.start(), m.end()});
        }
        return spans;
    }

    private String dropBlock(String s) {
        List<int[]> spans = blockSpans(s);
        if (spans.isEmpty()) {
            return null;
        }
        int[] b = spans.get(rnd.nextInt(spans.size()));
        return s.substring(0, b[0]) + s.substring(b[1]);
    }

    private String duplicateBlock(String s, int copies) {
        List<int[]> spans = blockSpans(s);
        if (spans.isEmpty()) {
            return null;
        }
        int[] b = spans.get(rnd.nextInt(spans.size()));
        String block = s.substring(b[0], b[1]);
        copies = (int) Math.max(1, Math.min(copies, (maxBytes - (long) s.length()) / Math.max(1, block.length())));
        return s.substring(0, b[1]) + block.repeat(copies) + s.substring(b[1]);
    }

    private String swapBlocks(String s) {
        List<int[]> spans = blockSpans(s);
        if (spans.size() < 2) {
            return null;
        }
        int[] a = spans.get(rnd.nextInt(spans.size() - 1));
        int[] b = spans.get(spans.size() - 1);
        return s.substring(0, a[0]) + s.substring(b[0], b[1]) + s.substring(a[1], b[0]) + s.substring(a[0], a[1])
                + s.substring(b[1]);
    }

    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?");
    private static final Pattern NAME = Pattern.compile("\"([^\"\\n]{1,40})\"|>([A-Za-z][^<>\\n]{0,40})<|\\b([A-Z][A-Za-z]{2,}ng)\\b");

    private String replaceNumber(String s, String with) {
        return replaceOne(s, NUMBER.matcher(s), with, 0);
    }

    private String replaceName(String s, String with) {
        Matcher m = NAME.matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find() && spans.size() < 20_000) {
            for (int g = 1; g <= 3; g++) {
                if (m.group(g) != null) {
                    spans.add(new int[] {m.start(g), m.end(g)});
                }
            }
        }
        if (spans.isEmpty()) {
            return null;
        }
        int[] b = spans.get(rnd.nextInt(spans.size()));
        return s.substring(0, b[0]) + with + s.substring(b[1]);
    }

    private String replaceOne(String s, Matcher m, String with, int group) {
        List<int[]> spans = new ArrayList<>();
        while (m.find() && spans.size() < 20_000) {
            spans.add(new int[] {m.start(group), m.end(group)});
        }
        if (spans.isEmpty()) {
            return null;
        }
        int[] b = spans.get(rnd.nextInt(spans.size()));
        return s.substring(0, b[0]) + with + s.substring(b[1]);
    }

    private String nest(String s, int depth) {
        if (open.isEmpty()) {
            return null;
        }
        List<int[]> spans = blockSpans(s);
        int at = spans.isEmpty() ? s.length() / 2 : spans.get(rnd.nextInt(spans.size()))[0];
        return s.substring(0, at) + open.repeat(depth) + close.repeat(depth) + s.substring(at);
    }

    private byte[] flipBytes(byte[] seed) {
        byte[] b = seed.clone();
        if (b.length == 0) {
            return b;
        }
        int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return b;
    }
}
