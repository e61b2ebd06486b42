package io.twinloop.platform.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one counter of a service's {@code /q/metrics} (Prometheus text format 0.0.4), summed by one of
 * its labels: e.g. the twin's {@code grpc_server_requests_received_messages_total} by {@code method},
 * which is how the benchmarks and the packaged-stack tests count the calls a round makes to the twin.
 */
public final class PrometheusCounters {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PrometheusCounters() {
    }

    /**
     * The samples of {@code metric} whose labels include every entry of {@code match}, summed by the value
     * of label {@code by} (samples without it are summed under the empty string); sorted by that value.
     */
    public static Map<String, Double> sumBy(String exposition, String metric, String by, Map<String, String> match) {
        Map<String, Double> out = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.strip());
            if (!m.matches() || !m.group(1).equals(metric)) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            if (match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
                out.merge(labels.getOrDefault(by, ""), Double.parseDouble(m.group(3)), Double::sum);
            }
        }
        return out;
    }

    /** {@code GET <baseUrl>/q/metrics} in the text format. */
    public static String scrape(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                .header("Accept", "text/plain").timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + baseUrl + "/q/metrics answered " + r.statusCode());
        }
        return r.body();
    }

    /** {@code after - before} per key (keys of either; a counter absent before counts from 0). */
    public static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0.0)));
        before.forEach((k, v) -> out.putIfAbsent(k, -v));
        return out;
    }
}
