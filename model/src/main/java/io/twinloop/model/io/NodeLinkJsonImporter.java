package io.twinloop.model.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinloop.model.Coordinates;
import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a graph in NetworkX node-link JSON ({@code networkx.node_link_data}), the format of the
 * Teal/NCFlow/POP topologies and of FIGRET's GEANT file:
 * {@code {"directed": true, "nodes": [{"id": 0}, ...], "links": [{"source": 0, "target": 1, "capacity": 5000.0}, ...]}}.
 *
 * <p>Import rules:
 * <ul>
 *   <li><b>Direction</b>: {@code "directed": true} takes every link as listed (the Teal and FIGRET
 *       files list both directions); {@code false} or absent (the NetworkX default) turns each link
 *       into two directed links.</li>
 *   <li><b>Links</b> are read from {@code "links"} or, if that is absent, {@code "edges"} (newer
 *       NetworkX). Their {@code source}/{@code target} are node <em>ids</em> (NetworkX 2+
 *       convention), not positions in the node list. The k-th link (from 0) gets id {@code e<k>},
 *       its reverse (undirected graphs only) {@code e<k>~rev}. Self-loops are dropped.</li>
 *   <li><b>Node names</b>: the node's {@code name} attribute if it is a non-blank string, else its
 *       {@code label} (either stripped of white space), else the text of its {@code id} (integer ids become {@code "0"},
 *       {@code "1"}, ...). Duplicated names become {@code name#id}, as for GML.</li>
 *   <li><b>Coordinates</b>: {@code Longitude}/{@code Latitude} (or lower-case) when both are present.</li>
 *   <li><b>Capacity</b>: {@code capacity}, taken <em>as bit/s, unconverted</em>. That is right for
 *       FIGRET's GEANT (10e9, 2.4e9, 155e6). The Teal files (B4, UsCarrier, Kdl, ASN2k) do not state
 *       their unit (values such as 5000 are in whatever unit their demand matrices use); they are
 *       imported as the same numbers in bit/s, so scale them together with matching demands.
 *       Without {@code capacity}: {@link ImportRules#DEFAULT_CAPACITY_BPS} (10 Gbit/s, assumed).</li>
 *   <li><b>IGP weight</b>: {@code weight} when present, else 1.</li>
 * </ul>
 * Syntax errors carry the line from the JSON parser; semantic errors (a link to an unknown node
 * id, a non-numeric capacity) carry the line where that node or link object starts.
 */
public final class NodeLinkJsonImporter {

    /** The format name used in {@link ImportException#format()}. */
    public static final String FORMAT = TopologyFormat.NODE_LINK_JSON.name();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Creates an importer (stateless; instances may be shared). */
    public NodeLinkJsonImporter() {
    }

    private record Located(JsonNode node, int line) {
    }

    /**
     * Parses a node-link JSON graph.
     *
     * @param name    the network name to give the result
     * @param content the raw file bytes (UTF-8)
     * @return the validated network (without demands)
     * @throws ImportException         if the file is malformed, truncated or inconsistent
     * @throws InvalidNetworkException if a value is out of range (e.g. a negative capacity)
     */
    public Network read(String name, byte[] content) {
        ImportSupport.checkName(FORMAT, name);
        ImportSupport.checkContent(FORMAT, content);
        List<Located> nodes = null;
        List<Located> links = null;
        List<Located> edges = null;
        Boolean directed = null;
        JsonFactory factory = MAPPER.getFactory();
        try (JsonParser p = factory.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ImportException(FORMAT, line(p.currentTokenLocation()), "the document is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                int fieldLine = line(p.currentTokenLocation());
                switch (field) {
                    case "directed" -> {
                        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                            directed = t == JsonToken.VALUE_TRUE;
                        } else if (t == JsonToken.VALUE_NUMBER_INT) {
                            directed = p.getLongValue() != 0;
                        } else {
                            throw new ImportException(FORMAT, fieldLine, "\"directed\" must be true or false");
                        }
                    }
                    case "nodes" -> nodes = objects(p, "nodes");
                    case "links" -> links = objects(p, "links");
                    case "edges" -> edges = objects(p, "edges");
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new ImportException(FORMAT, line(p.currentTokenLocation()), "unexpected token " + p.currentToken());
            }
            if (p.nextToken() != null) {
                throw new ImportException(FORMAT, line(p.currentTokenLocation()), "trailing content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new ImportException(FORMAT, line(e.getLocation()), "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ImportException(FORMAT, -1, "cannot read JSON: " + e.getMessage(), e);
        }
        if (nodes == null) {
            throw new ImportException(FORMAT, -1, "no \"nodes\" array");
        }
        if (links == null) {
            links = edges;
        }
        if (links == null) {
            throw new ImportException(FORMAT, -1, "no \"links\" (or \"edges\") array");
        }
        boolean isDirected = directed != null && directed;

        GraphBuilder b = new GraphBuilder(FORMAT);
        for (int i = 0; i < nodes.size(); i++) {
            Located n = nodes.get(i);
            String id = id(n.node().get("id"), n.line(), "nodes[" + i + "].id");
            String label = text(n.node().get("name"));
            if (label == null) {
                label = text(n.node().get("label"));
            }
            b.addNode(id, label, coordinates(n, i), n.line());
        }
        for (int i = 0; i < links.size(); i++) {
            Located l = links.get(i);
            String src = id(l.node().get("source"), l.line(), "links[" + i + "].source");
            String dst = id(l.node().get("target"), l.line(), "links[" + i + "].target");
            double capacity = optionalNumber(l, "capacity", ImportRules.DEFAULT_CAPACITY_BPS, i);
            double weight = optionalNumber(l, "weight", ImportRules.DEFAULT_IGP_WEIGHT, i);
            b.addEdge(i, src, dst, isDirected, capacity, weight, l.line());
        }
        return b.build(name);
    }

    /** Reads an array of objects, remembering the line where each object starts. */
    private static List<Located> objects(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new ImportException(FORMAT, line(p.currentTokenLocation()), "\"" + field + "\" must be an array");
        }
        List<Located> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new ImportException(FORMAT, line(p.currentLocation()), "unexpected end of input in \"" + field + "\"");
            }
            int l = line(p.currentTokenLocation());
            if (t != JsonToken.START_OBJECT) {
                throw new ImportException(FORMAT, l, "\"" + field + "\"[" + out.size() + "] must be an object");
            }
            if (field.equals("links") || field.equals("edges")) {
                ImportSupport.checkLinkCount(FORMAT, l, out.size() + 1L);
            }
            JsonNode node = p.readValueAsTree();
            out.add(new Located(node, l));
        }
        return out;
    }

    private static String id(JsonNode v, int line, String what) {
        if (v == null || v.isNull()) {
            throw new ImportException(FORMAT, line, what + " is missing");
        }
        if (v.isTextual() || v.isNumber()) {
            String s = v.asText();
            if (s.isBlank()) {
                throw new ImportException(FORMAT, line, what + " is blank");
            }
            return s;
        }
        throw new ImportException(FORMAT, line, what + " must be a number or a string, not " + v.getNodeType());
    }

    private static String text(JsonNode v) {
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static Coordinates coordinates(Located n, int i) {
        JsonNode lon = n.node().has("Longitude") ? n.node().get("Longitude") : n.node().get("longitude");
        JsonNode lat = n.node().has("Latitude") ? n.node().get("Latitude") : n.node().get("latitude");
        if (lon == null || lat == null || lon.isNull() || lat.isNull()) {
            return null;
        }
        return new Coordinates(number(lon, n.line(), "nodes[" + i + "].Longitude"),
                number(lat, n.line(), "nodes[" + i + "].Latitude"));
    }

    private static double optionalNumber(Located l, String field, double dflt, int i) {
        JsonNode v = l.node().get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        return number(v, l.line(), "links[" + i + "]." + field);
    }

    private static double number(JsonNode v, int line, String what) {
        if (v.isNumber()) {
            double d = v.asDouble();
            if (!Double.isFinite(d)) {
                throw new ImportException(FORMAT, line, what + " is out of range");
            }
            return d;
        }
        if (v.isTextual()) {
            return ImportSupport.number(FORMAT, line, what, v.asText());
        }
        throw new ImportException(FORMAT, line, what + " must be a number, not " + v.getNodeType());
    }

    private static int line(JsonLocation loc) {
        return loc == null ? -1 : loc.getLineNr();
    }
}
