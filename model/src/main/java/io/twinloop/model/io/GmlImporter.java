package io.twinloop.model.io;

import io.twinloop.model.Coordinates;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a graph in GML, as written by the Internet Topology Zoo (Knight et al., "The Internet
 * Topology Zoo", IEEE JSAC 29(9), 2011) and by NetworkX.
 *
 * <p>The tokenizer is hand-written (GML is tiny: keys, integers, reals, quoted strings, nested
 * {@code [ ]} lists and {@code #} comment lines) so that every error can name its line and no
 * third-party parser is needed. Strings may contain the HTML entities the Zoo uses
 * ({@code &amp; &quot; &lt; &gt; &apos;} and numeric {@code &#..;}), which are decoded.
 *
 * <p>Import rules (shared with {@link GraphmlImporter} and, for naming and ids, with
 * {@link NodeLinkJsonImporter}):
 * <ul>
 *   <li><b>Graph</b>: the first top-level {@code graph [ ... ]}; {@code directed 1} makes edges
 *       directed, otherwise (the Zoo default) they are undirected.</li>
 *   <li><b>Node names</b>: the {@code label} (stripped of leading and trailing white space, e.g. Belnet's
 *       {@code "Liege 1 "}) when it is present, non-blank and unique in the file;
 *       when several nodes share a label (the Zoo has many "None", "?" and repeated city names)
 *       each of them is named {@code label#id}; a node without a usable label is named by its
 *       {@code id}. Should a name still collide, {@code #id} is appended again until it is unique.</li>
 *   <li><b>Coordinates</b>: {@code Longitude}/{@code Latitude} when both are present, else none.</li>
 *   <li><b>Links</b>: the k-th {@code edge} of the file (counting from 0, self-loops included)
 *       becomes link {@code e<k>} from {@code source} to {@code target}; an undirected edge also
 *       yields {@code e<k>~rev} in the other direction, with the same capacity. Parallel edges of
 *       multigraphs stay separate links. Self-loops (two in Interoute) are dropped.</li>
 *   <li><b>Capacity</b>: {@code LinkSpeedRaw} (bit/s) when present; otherwise
 *       {@link ImportRules#DEFAULT_CAPACITY_BPS} (10 Gbit/s), an assumed value: most Zoo graphs
 *       have no capacities at all.</li>
 *   <li><b>IGP weight</b>: 1 for every link (the Zoo has no routing metrics).</li>
 * </ul>
 *
 * <p>Size: over 300 lines because it holds the GML tokenizer and parser with the Topology Zoo
 * conventions they need; both are one job, reading one format.
 */
public final class GmlImporter {

    /** The format name used in {@link ImportException#format()}. */
    public static final String FORMAT = TopologyFormat.GML.name();

    private static final int MAX_DEPTH = 64;

    /** Creates an importer (stateless; instances may be shared). */
    public GmlImporter() {
    }

    /**
     * Parses a GML graph.
     *
     * @param name    the network name to give the result
     * @param content the raw file bytes (UTF-8; the Zoo files are ASCII)
     * @return the validated network (without demands)
     * @throws ImportException         if the file is malformed, truncated or inconsistent
     * @throws InvalidNetworkException if a value is out of range (e.g. a negative LinkSpeedRaw)
     */
    public Network read(String name, byte[] content) {
        ImportSupport.checkName(FORMAT, name);
        ImportSupport.checkContent(FORMAT, content);
        List<Entry> top = new Parser(new String(content, StandardCharsets.UTF_8)).document();
        Entry graph = null;
        for (Entry e : top) {
            if (e.key.equals("graph")) {
                if (!e.value.isList()) {
                    throw new ImportException(FORMAT, e.line, "'graph' must be followed by a [ ... ] list");
                }
                graph = e;
                break;
            }
        }
        if (graph == null) {
            throw new ImportException(FORMAT, -1, "no 'graph [ ... ]' block found");
        }
        boolean directed = false;
        for (Entry e : graph.value.list) {
            if (e.key.equals("directed")) {
                directed = e.value.isNumber() && e.value.number != 0;
            }
        }
        GraphBuilder b = new GraphBuilder(FORMAT);
        int edgeOrdinal = 0;
        for (Entry e : graph.value.list) {
            if (e.key.equals("node")) {
                if (!e.value.isList()) {
                    throw new ImportException(FORMAT, e.line, "'node' must be followed by a [ ... ] list");
                }
                node(b, e);
            } else if (e.key.equals("edge")) {
                if (!e.value.isList()) {
                    throw new ImportException(FORMAT, e.line, "'edge' must be followed by a [ ... ] list");
                }
                edge(b, e, edgeOrdinal++, directed);
            }
        }
        return b.build(name);
    }

    private static void node(GraphBuilder b, Entry node) {
        Value id = find(node, "id");
        if (id == null || id.isList()) {
            throw new ImportException(FORMAT, node.line, "node without a scalar 'id'");
        }
        Value label = find(node, "label");
        if (label != null && label.isList()) {
            throw new ImportException(FORMAT, label.line, "node label must be a string or number");
        }
        Value lon = find(node, "Longitude");
        Value lat = find(node, "Latitude");
        Coordinates c = null;
        if (lon != null && lat != null) {
            c = new Coordinates(number(lon, "Longitude"), number(lat, "Latitude"));
        }
        b.addNode(id.text, label == null ? null : label.text, c, node.line);
    }

    private static void edge(GraphBuilder b, Entry edge, int ordinal, boolean directed) {
        Value src = find(edge, "source");
        Value dst = find(edge, "target");
        if (src == null || src.isList()) {
            throw new ImportException(FORMAT, edge.line, "edge without a scalar 'source'");
        }
        if (dst == null || dst.isList()) {
            throw new ImportException(FORMAT, edge.line, "edge without a scalar 'target'");
        }
        Value speed = find(edge, "LinkSpeedRaw");
        double capacity = speed == null ? ImportRules.DEFAULT_CAPACITY_BPS : number(speed, "LinkSpeedRaw");
        b.addEdge(ordinal, src.text, dst.text, directed, capacity, ImportRules.DEFAULT_IGP_WEIGHT, edge.line);
    }

    private static double number(Value v, String what) {
        if (v.isNumber()) {
            return v.number;
        }
        if (v.isList()) {
            throw new ImportException(FORMAT, v.line, what + " must be a number, not a list");
        }
        return ImportSupport.number(FORMAT, v.line, what, v.text);
    }

    private static Value find(Entry list, String key) {
        for (Entry e : list.value.list) {
            if (e.key.equals(key)) {
                return e.value;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // Tokenizer and parser

    private record Entry(String key, Value value, int line) {
    }

    private static final class Value {
        static final int NUMBER = 0;
        static final int STRING = 1;
        static final int LIST = 2;

        final int kind;
        final String text;
        final double number;
        final List<Entry> list;
        final int line;

        Value(int kind, String text, double number, List<Entry> list, int line) {
            this.kind = kind;
            this.text = text;
            this.number = number;
            this.list = list;
            this.line = line;
        }

        boolean isList() {
            return kind == LIST;
        }

        boolean isNumber() {
            return kind == NUMBER;
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;
        private int line = 1;

        Parser(String s) {
            this.s = s;
            if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
                pos = 1;
            }
        }

        List<Entry> document() {
            List<Entry> entries = entries(0, -1);
            skipSpace();
            if (pos < s.length()) {
                throw new ImportException(FORMAT, line, "unexpected ']' without a matching '['");
            }
            if (entries.isEmpty()) {
                throw new ImportException(FORMAT, line, "the file contains no GML key-value pairs");
            }
            return entries;
        }

        /** Reads key-value pairs until ']' (depth > 0) or the end of input (depth 0). */
        private List<Entry> entries(int depth, int openLine) {
            List<Entry> out = new ArrayList<>();
            while (true) {
                skipSpace();
                if (pos >= s.length()) {
                    if (depth > 0) {
                        throw new ImportException(FORMAT, line, "unexpected end of file: the list opened with '[' at line "
                                + openLine + " is never closed");
                    }
                    return out;
                }
                char c = s.charAt(pos);
                if (c == ']') {
                    if (depth == 0) {
                        return out; // reported by document()
                    }
                    pos++;
                    return out;
                }
                if (!isKeyStart(c)) {
                    throw new ImportException(FORMAT, line, "expected a key but found " + describe(c));
                }
                int keyLine = line;
                int start = pos;
                while (pos < s.length() && isKeyPart(s.charAt(pos))) {
                    pos++;
                }
                String key = s.substring(start, pos);
                Value v = value(key, keyLine, depth);
                out.add(new Entry(key, v, keyLine));
            }
        }

        private Value value(String key, int keyLine, int depth) {
            skipSpace();
            if (pos >= s.length()) {
                throw new ImportException(FORMAT, line, "unexpected end of file: key '" + key + "' (line " + keyLine
                        + ") has no value");
            }
            char c = s.charAt(pos);
            int valueLine = line;
            if (c == '[') {
                if (depth + 1 > MAX_DEPTH) {
                    throw new ImportException(FORMAT, line, "lists nested deeper than " + MAX_DEPTH);
                }
                pos++;
                return new Value(Value.LIST, null, 0, entries(depth + 1, valueLine), valueLine);
            }
            if (c == '"') {
                pos++;
                int start = pos;
                while (pos < s.length() && s.charAt(pos) != '"') {
                    if (s.charAt(pos) == '\n') {
                        line++;
                    }
                    pos++;
                }
                if (pos >= s.length()) {
                    throw new ImportException(FORMAT, valueLine, "unterminated string (value of key '" + key + "')");
                }
                String text = decodeEntities(s.substring(start, pos));
                pos++;
                return new Value(Value.STRING, text, Double.NaN, null, valueLine);
            }
            int start = pos;
            while (pos < s.length() && !Character.isWhitespace(s.charAt(pos)) && s.charAt(pos) != '['
                    && s.charAt(pos) != ']' && s.charAt(pos) != '"') {
                pos++;
            }
            String tok = s.substring(start, pos);
            if (tok.isEmpty()) {
                throw new ImportException(FORMAT, valueLine, "key '" + key + "' has no value (found " + describe(c) + ")");
            }
            if (!ImportSupport.DECIMAL.matcher(tok).matches()) {
                throw new ImportException(FORMAT, valueLine, "value of key '" + key + "' is neither a number, a quoted "
                        + "string nor a list: '" + ImportSupport.shorten(tok) + "'");
            }
            double d = Double.parseDouble(tok);
            if (!Double.isFinite(d)) {
                throw new ImportException(FORMAT, valueLine, "number out of range: '" + ImportSupport.shorten(tok) + "'");
            }
            return new Value(Value.NUMBER, tok, d, null, valueLine);
        }

        private void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\n') {
                    line++;
                    pos++;
                } else if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '#' && atLineStart()) {
                    while (pos < s.length() && s.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    return;
                }
            }
        }

        private boolean atLineStart() {
            for (int i = pos - 1; i >= 0; i--) {
                char c = s.charAt(i);
                if (c == '\n') {
                    return true;
                }
                if (!Character.isWhitespace(c)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isKeyStart(char c) {
            return c < 128 && (Character.isLetter(c) || c == '_');
        }

        private static boolean isKeyPart(char c) {
            return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
        }

        private static String describe(char c) {
            if (c == '[') {
                return "'[' (a list without a key)";
            }
            if (c == '"') {
                return "a string where a key was expected";
            }
            return Character.isISOControl(c) ? String.format("control character U+%04X", (int) c) : "'" + c + "'";
        }
    }

    /** Decodes the HTML entities the Topology Zoo writes into GML strings. */
    static String decodeEntities(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int semi = c == '&' ? s.indexOf(';', i) : -1;
            if (semi > i && semi - i <= 10) {
                String ent = s.substring(i + 1, semi);
                String rep = switch (ent) {
                    case "amp" -> "&";
                    case "quot" -> "\"";
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "apos" -> "'";
                    default -> numericEntity(ent);
                };
                if (rep != null) {
                    out.append(rep);
                    i = semi + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String numericEntity(String ent) {
        try {
            int cp;
            if (ent.startsWith("#x") || ent.startsWith("#X")) {
                cp = Integer.parseInt(ent.substring(2), 16);
            } else if (ent.startsWith("#")) {
                cp = Integer.parseInt(ent.substring(1));
            } else {
                return null;
            }
            return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
