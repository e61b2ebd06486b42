package io.twinloop.helm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects of one rendering, parsed, with the raw text kept for scans. */
final class Manifests {
    /** Duplicate keys are a template bug (Kubernetes would keep one of them silently): fail on them. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    final String text;
    final List<JsonNode> objects;

    private Manifests(String text, List<JsonNode> objects) {
        this.text = text;
        this.objects = List.copyOf(objects);
    }

    static Manifests parse(String text) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.isObject() && n.has("kind")) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered manifests are not valid YAML", e);
        }
        return new Manifests(text, out);
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** Objects of a kind by their app.kubernetes.io/component label. */
    Map<String, JsonNode> byComponent(String kind) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode o : ofKind(kind)) {
            String c = o.path("metadata").path("labels").path("app.kubernetes.io/component").asText();
            if (m.put(c, o) != null) {
                throw new AssertionError("two " + kind + "s for component " + c);
            }
        }
        return m;
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    /** The single container of a Deployment. */
    static JsonNode container(JsonNode deployment) {
        JsonNode cs = deployment.path("spec").path("template").path("spec").path("containers");
        if (cs.size() != 1) {
            throw new AssertionError("expected one container in " + deployment.path("metadata").path("name"));
        }
        return cs.get(0);
    }

    /** A container's env as name -> env entry. */
    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            m.put(e.path("name").asText(), e);
        }
        return m;
    }

    /** A plain env value, or null when absent or from a reference. */
    static String envValue(JsonNode deployment, String name) {
        JsonNode e = env(container(deployment)).get(name);
        return e == null || !e.has("value") ? null : e.get("value").asText();
    }

    /** Whether every key/value of {@code selector} is among {@code labels}. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || !selector.isObject() || selector.isEmpty()) {
            return false;
        }
        var it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
