package io.twinloop.helm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * The value sets the chart is rendered with, each one a values file overlaid on the chart's own
 * values.yaml. Secret names and keys are sentinels, so a scan of the output can tell where they went.
 */
final class ValueSets {
    static final String DB_SECRET = "sentinel-db-secret";
    static final String DB_USER_KEY = "sentinel-user-key";
    static final String DB_PASSWORD_KEY = "sentinel-password-key";
    static final String LLM_SECRET = "sentinel-llm-secret";
    static final String LLM_KEY_KEY = "sentinel-api-key-key";
    static final String JDBC_URL = "jdbc:postgresql://pg.db.svc:6543/twinloop";
    static final String LLM_URL = "http://vllm.llm.svc:8000/v1";

    static final String POSTGRESQL = """
            postgresql:
              enabled: true
              jdbcUrl: %s
              existingSecret: %s
              usernameKey: %s
              passwordKey: %s
            """.formatted(JDBC_URL, DB_SECRET, DB_USER_KEY, DB_PASSWORD_KEY);

    static final String LLM = """
            llm:
              enabled: true
              baseUrl: %s
              model: Qwen/Qwen2.5-14B-Instruct
              existingSecret: %s
              apiKeyKey: %s
            """.formatted(LLM_URL, LLM_SECRET, LLM_KEY_KEY);

    static final String SERVICE_MONITOR = """
            metrics:
              serviceMonitor:
                enabled: true
                labels:
                  release: kube-prometheus-stack
            """;

    static final String TRACING = """
            tracing:
              enabled: true
              otlpEndpoint: http://otel-collector.observability.svc:4317
            """;

    static final String TLS_SECRET = "twinloop-tls";
    static final String TLS = """
            tls:
              enabled: true
              secretName: %s
              clientAuth: required
            """.formatted(TLS_SECRET);

    static final String AUTH_SECRET = "sentinel-auth-secret";
    static final String AUTH_TOKENS_KEY = "sentinel-tokens-key";
    static final String AUTH_SERVICE_KEY = "sentinel-service-token-key";
    static final String AUTH_EXISTING = """
            auth:
              openReads: true
              existingSecret: %s
              tokensKey: %s
              serviceTokenKey: %s
            """.formatted(AUTH_SECRET, AUTH_TOKENS_KEY, AUTH_SERVICE_KEY);

    /** Every value set by name; all of them must render. */
    static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        ALL.put("defaults", "");
        ALL.put("postgresql", POSTGRESQL);
        ALL.put("llm", LLM);
        ALL.put("persistence-off", """
                twin:
                  persistence:
                    enabled: false
                gateway:
                  persistence:
                    enabled: false
                forecast:
                  persistence:
                    enabled: false
                  autoscaling:
                    enabled: false
                  replicaCount: 1
                """);
        ALL.put("forecast-rwx", """
                forecast:
                  persistence:
                    accessModes: [ReadWriteMany]
                    storageClass: nfs
                """);
        ALL.put("service-monitor", SERVICE_MONITOR);
        ALL.put("hpa-off", """
                forecast:
                  autoscaling:
                    enabled: false
                  replicaCount: 2
                planner:
                  autoscaling:
                    enabled: false
                  replicaCount: 3
                """);
        ALL.put("network-policy-off", """
                networkPolicy:
                  enabled: false
                """);
        ALL.put("tracing", TRACING);
        ALL.put("tls", TLS);
        ALL.put("auth-off", """
                auth:
                  enabled: false
                """);
        ALL.put("auth-existing", AUTH_EXISTING);
        ALL.put("closed-metrics", SERVICE_MONITOR + """
                auth:
                  openMetrics: false
                """);
        ALL.put("tls-request", TLS.replace("clientAuth: required", "clientAuth: request") + """
                metrics:
                  serviceMonitor:
                    enabled: true
                    scheme: https
                    tlsConfig:
                      ca:
                        secret:
                          name: twinloop-tls
                          key: ca.crt
                """);
        ALL.put("everything", POSTGRESQL + LLM + SERVICE_MONITOR + TRACING + """
                global:
                  imageRegistry: registry.example.com/acme
                networkPolicy:
                  gatewayIngress:
                    from:
                      - namespaceSelector:
                          matchLabels:
                            kubernetes.io/metadata.name: istio-ingress
                gateway:
                  podAnnotations:
                    proxy.istio.io/config: '{"holdApplicationUntilProxyStarts": true}'
                """);
    }

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private ValueSets() {
    }

    /** The rendering of a named value set (cached: rendering is deterministic). */
    static Manifests rendered(String name) {
        String yaml = ALL.get(name);
        if (yaml == null) {
            throw new IllegalArgumentException("no value set " + name);
        }
        return RENDERED.computeIfAbsent(name, n -> Chart.render(yaml));
    }

    /** Arguments (name) of every value set, for parameterized tests. */
    static Stream<Arguments> names() {
        return ALL.keySet().stream().map(Arguments::of);
    }

    /** Names of the value sets without TLS (the kubelet's gRPC probes apply). */
    static Stream<Arguments> withoutTls() {
        return ALL.keySet().stream().filter(n -> !n.startsWith("tls")).map(Arguments::of);
    }

    /** Names of the value sets with the NetworkPolicies on. */
    static Stream<Arguments> withNetworkPolicy() {
        return ALL.keySet().stream().filter(n -> !n.equals("network-policy-off")).map(Arguments::of);
    }
}
