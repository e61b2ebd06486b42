package io.twinloop.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.twinloop.model.ImportException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading of JSON documents that are exports of other systems (RFC 8345 / RFC 7951 JSON, NetBox),
 * shared by {@link IetfNetworkJsonImporter} and {@link NetboxJsonImporter}. Such files have no
 * meaningful line numbers for their elements, so problems name the element path instead, e.g.
 * {@code ietf-network-topology:link[3] (link-id "l1").source.source-node}; syntax errors still carry
 * the parser's line.
 */
final class JsonTrees {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String format;

    JsonTrees(String format) {
        this.format = format;
    }

    /** The document's root object. */
    JsonNode root(byte[] content) {
        ImportSupport.checkContent(format, content);
        JsonNode root;
        try {
            root = MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new ImportException(format, line, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ImportException(format, -1, "cannot read JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ImportException(format, -1, "the document is not a JSON object");
        }
        return root;
    }

    /**
     * A member of an object by its RFC 7951 name: {@code module:name} when the member's module
     * differs from its parent's, plain {@code name} otherwise. Producers disagree on where they
     * qualify, so both spellings are accepted (qualified first); {@code module} may be null.
     */
    static JsonNode member(JsonNode obj, String module, String name) {
        if (obj == null || !obj.isObject()) {
            return null;
        }
        JsonNode v = module == null ? null : obj.get(module + ":" + name);
        if (v == null || v.isNull()) {
            v = obj.get(name);
        }
        return v == null || v.isNull() ? null : v;
    }

    /** The elements of an array member (absent: empty); anything but an array of objects is an error. */
    List<JsonNode> objects(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw fail(path + " must be an array, not " + kind(v));
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isObject()) {
                throw fail(path + "[" + i + "] must be an object, not " + kind(v.get(i)));
            }
            out.add(v.get(i));
        }
        return out;
    }

    /** An optional string (or number written as text); null when absent or JSON null; blank is an error. */
    String text(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual() || v.isIntegralNumber()) {
            String s = v.asText().strip();
            if (s.isEmpty()) {
                throw fail(path + " is blank");
            }
            return s;
        }
        throw fail(path + " must be a string, not " + kind(v));
    }

    /** A required string. */
    String requiredText(JsonNode v, String path) {
        String s = text(v, path);
        if (s == null) {
            throw fail(path + " is missing");
        }
        return s;
    }

    /**
     * An optional non-negative number: a JSON number or a decimal string (RFC 7951 writes 64-bit
     * integers and decimal64 as strings); null when absent.
     */
    Double number(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return null;
        }
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            d = ImportSupport.number(format, -1, path, v.asText());
        } else {
            throw fail(path + " must be a number, not " + kind(v));
        }
        if (!Double.isFinite(d) || d < 0) {
            throw fail(path + " must be a finite number >= 0, got " + v.asText());
        }
        return d;
    }

    /** Strings of a leaf-list (absent: empty); numbers are taken as their text. */
    List<String> texts(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw fail(path + " must be an array, not " + kind(v));
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(requiredText(v.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    ImportException fail(String reason) {
        return new ImportException(format, -1, reason);
    }

    static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    static String quoted(String s) {
        return "\"" + ImportSupport.shorten(s) + "\"";
    }
}
