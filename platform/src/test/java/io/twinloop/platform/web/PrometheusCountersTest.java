package io.twinloop.platform.web;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrometheusCountersTest {
    private static final String TEXT = """
            # HELP grpc_server_requests_received_messages_total The total number of requests received
            # TYPE grpc_server_requests_received_messages_total counter
            grpc_server_requests_received_messages_total{method="Simulate",method_type="UNARY",service="twinloop.twin.v1.TwinService"} 12.0
            grpc_server_requests_received_messages_total{method="GetNetwork",method_type="UNARY",service="twinloop.twin.v1.TwinService"} 3.0
            grpc_server_requests_received_messages_total{method="Check",method_type="UNARY",service="grpc.health.v1.Health"} 7.0
            grpc_server_requests_received_messages_total_other{method="Simulate"} 99.0
            grpc_server_responses_sent_messages_total{method="Simulate",method_type="UNARY",service="twinloop.twin.v1.TwinService"} 12.0
            """;

    @Test
    void sumsOneMetricByLabelAmongMatchingSamples() {
        Map<String, Double> byMethod = PrometheusCounters.sumBy(TEXT, "grpc_server_requests_received_messages_total", "method",
                Map.of("service", "twinloop.twin.v1.TwinService"));
        assertEquals(Map.of("Simulate", 12.0, "GetNetwork", 3.0), byMethod);
        assertEquals(Map.of("twinloop.twin.v1.TwinService", 15.0, "grpc.health.v1.Health", 7.0),
                PrometheusCounters.sumBy(TEXT, "grpc_server_requests_received_messages_total", "service", Map.of()));
    }

    @Test
    void deltaCountsNewKeysFromZero() {
        assertEquals(Map.of("a", 2.0, "b", 5.0, "c", -1.0),
                PrometheusCounters.delta(Map.of("a", 1.0, "c", 1.0), Map.of("a", 3.0, "b", 5.0)));
    }
}
