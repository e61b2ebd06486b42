package io.twinloop.model.io;

import io.twinloop.model.ImportException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The topology file formats twinloop can import, with detection from a file name and its content
 * so that services can accept uploads without asking the user for the format.
 */
public enum TopologyFormat {
    /** SNDlib network instance (XML, namespace {@code http://sndlib.zib.de/network}); see {@link SndlibXmlImporter}. */
    SNDLIB_XML,
    /** GML as written by the Internet Topology Zoo and NetworkX; see {@link GmlImporter}. */
    GML,
    /** GraphML (Topology Zoo flavour); see {@link GraphmlImporter}. */
    GRAPHML,
    /** NetworkX node-link JSON; see {@link NodeLinkJsonImporter}. */
    NODE_LINK_JSON,
    /** IETF network topology JSON (RFC 8345 {@code ietf-network:networks}, RFC 7951 encoding); see {@link IetfNetworkJsonImporter}. */
    IETF_NETWORK_JSON,
    /** NetBox export: devices, interfaces and cables of the NetBox REST API in one JSON file; see {@link NetboxJsonImporter}. */
    NETBOX_JSON;

    private static final int SNIFF_BYTES = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Detects the format: first by extension ({@code .xml} is SNDlib or GraphML depending on the
     * root element, {@code .graphml}, {@code .gml}, {@code .json}), otherwise by sniffing the first
     * 64 KiB of content (an opening brace starts JSON, {@code <graphml} GraphML, an SNDlib
     * {@code <network>} SNDlib XML, a leading {@code graph [} GML). JSON (by extension or content) is
     * told apart by the members of its top-level object: {@code ietf-network:networks} or
     * {@code ietf-network:network} is RFC 8345 ({@link #IETF_NETWORK_JSON}); {@code cables} together
     * with {@code devices} or {@code interfaces} is a NetBox export ({@link #NETBOX_JSON}); anything
     * else is node-link JSON.
     *
     * @param fileName the file name (may be null or have no extension)
     * @param content  the file content
     * @throws ImportException (format {@code UNKNOWN}) if the format cannot be recognised
     */
    public static TopologyFormat detect(String fileName, byte[] content) {
        if (content == null) {
            throw new ImportException("UNKNOWN", -1, "no content (null) for '" + fileName + "'");
        }
        String ext = extension(fileName);
        String head = new String(content, 0, Math.min(content.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
        switch (ext) {
            case "graphml":
                return GRAPHML;
            case "gml":
                return GML;
            case "json":
                return sniffJson(content, head);
            case "xml": {
                TopologyFormat f = sniffXml(head);
                if (f != null) {
                    return f;
                }
                throw new ImportException("UNKNOWN", -1, "'" + fileName
                        + "' is XML but neither an SNDlib network (<network>) nor GraphML (<graphml>)");
            }
            default:
                break;
        }
        String trimmed = stripLeading(head);
        if (trimmed.startsWith("{")) {
            return sniffJson(content, head);
        }
        if (trimmed.startsWith("<")) {
            TopologyFormat f = sniffXml(head);
            if (f != null) {
                return f;
            }
        } else if (startsLikeGml(trimmed)) {
            return GML;
        }
        throw new ImportException("UNKNOWN", -1, "cannot detect the topology format of '" + fileName
                + "': expected .xml (SNDlib), .gml, .graphml or .json, or content starting like one of them");
    }

    /**
     * Whether {@code s} starts like GML: white space and {@code #} comment lines, then any number of
     * scalar {@code key value} pairs (a quoted string or a bare token, separated by white space),
     * then {@code graph [}. Scanned by hand: a regular expression with a repeated group recursed
     * once per pair and overflowed the stack on a few thousand pairs (found while writing the
     * format-detection fuzz target).
     */
    static boolean startsLikeGml(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && (isSpace(s.charAt(i)) || s.charAt(i) == '#')) {
            if (s.charAt(i) == '#') {
                int nl = s.indexOf('\n', i);
                if (nl < 0) {
                    return false;
                }
                i = nl;
            }
            i++;
        }
        while (i < n) {
            int key = i;
            if (!isKeyStart(s.charAt(i))) {
                return false;
            }
            while (i < n && isKeyPart(s.charAt(i))) {
                i++;
            }
            boolean graph = i - key == 5 && s.startsWith("graph", key);
            int afterKey = i;
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            if (graph && i < n && s.charAt(i) == '[') {
                return true;
            }
            if (i == afterKey || i >= n) {
                return false;
            }
            if (s.charAt(i) == '"') {
                int close = s.indexOf('"', i + 1);
                if (close < 0) {
                    return false;
                }
                i = close + 1;
            } else {
                int value = i;
                while (i < n && !isSpace(s.charAt(i)) && s.charAt(i) != '[' && s.charAt(i) != ']' && s.charAt(i) != '"') {
                    i++;
                }
                if (i == value) {
                    return false;
                }
            }
            int afterValue = i;
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            if (i == afterValue) {
                return false;
            }
        }
        return false;
    }

    /** White space as in regular expressions' {@code \s}: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean isKeyStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    private static boolean isKeyPart(char c) {
        return isKeyStart(c) || (c >= '0' && c <= '9');
    }

    /**
     * The JSON format from the names of the top-level members (read with a streaming parser that
     * skips their values). A document that does not parse is left to the importer that the first
     * 64 KiB suggest, which reports the syntax error with its line.
     */
    static TopologyFormat sniffJson(byte[] content, String head) {
        boolean cables = false;
        boolean inventory = false;
        try (JsonParser p = JSON.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NODE_LINK_JSON;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                if (f.equals("ietf-network:networks") || f.equals("ietf-network:network")) {
                    return IETF_NETWORK_JSON;
                }
                cables |= f.equals("cables");
                inventory |= f.equals("devices") || f.equals("interfaces");
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            if (head.contains("\"ietf-network:network")) {
                return IETF_NETWORK_JSON;
            }
            return head.contains("\"cables\"") && head.contains("\"devices\"") ? NETBOX_JSON : NODE_LINK_JSON;
        }
        return cables && inventory ? NETBOX_JSON : NODE_LINK_JSON;
    }

    private static TopologyFormat sniffXml(String head) {
        if (head.contains("<graphml")) {
            return GRAPHML;
        }
        if (head.contains("sndlib.zib.de/network") || Pattern.compile("<network[\\s>]").matcher(head).find()) {
            return SNDLIB_XML;
        }
        return null;
    }

    private static String stripLeading(String s) {
        int i = 0;
        if (s.startsWith("\u00EF\u00BB\u00BF")) { // UTF-8 BOM seen through ISO-8859-1
            i = 3;
        }
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    static String extension(String fileName) {
        if (fileName == null) {
            return "";
        }
        String base = baseName(fileName);
        int dot = base.lastIndexOf('.');
        return dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String baseName(String fileName) {
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        return fileName.substring(slash + 1);
    }
}
