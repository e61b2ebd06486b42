package io.twinloop.twin.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.twinloop.model.Demand;
import io.twinloop.model.Link;
import io.twinloop.model.Network;
import io.twinloop.model.Node;
import io.twinloop.model.OdPair;
import io.twinloop.model.PathPolicy;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Serialises snapshots and OD-pair lists to JSON for storage. The stored document is the
 * model's own records, so a snapshot reads back exactly as it was written (NaN latencies included).
 */
public final class SnapshotCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Derived accessors of the records (e.g. Coordinates.isGeographic) are written but not read back.
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The stored form of a snapshot's network. */
    record Document(List<Node> nodes, List<Link> links, List<Demand> demands, List<PathPolicy> pathPolicies) {
    }

    private record OdPairs(List<OdPair> pairs) {
    }

    private SnapshotCodec() {
    }

    public static String encode(Network network) {
        return write(new Document(network.nodes(), network.links(), network.demands(), network.pathPolicies()));
    }

    public static Network decode(String name, String json) {
        Document doc = read(json, Document.class);
        // Snapshots written before path policies existed have none.
        List<PathPolicy> policies = doc.pathPolicies() == null ? List.of() : doc.pathPolicies();
        return new Network(name, doc.nodes(), doc.links(), doc.demands(), policies);
    }

    public static String encodePairs(List<OdPair> pairs) {
        return write(new OdPairs(pairs));
    }

    public static List<OdPair> decodePairs(String json) {
        return read(json, OdPairs.class).pairs();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
