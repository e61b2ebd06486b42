package io.twinloop.model.peer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PeersTest {
    @Test
    void servicesAreNamedAsTheyNameThemselves() {
        assertEquals("twin-service", Peers.serviceOf("twinloop.twin.v1.TwinService/GetNetwork"));
        assertEquals("forecast-service", Peers.serviceOf("twinloop.forecast.v1.ForecastService/Forecast"));
        assertEquals("planner-service", Peers.serviceOf("twinloop.planner.v1.PlannerService/Propose"));
        assertEquals("gateway", Peers.serviceOf("twinloop.gateway.v1.GatewayService/RunRound"));
        assertEquals("grpc.health.v1.Health", Peers.serviceOf("grpc.health.v1.Health/Check"));
    }

    @Test
    void aFailedCallNamesTheServiceAndTheAddress() {
        assertEquals("twin-service at 10.0.0.7:9091 is unreachable: io exception",
                Peers.unreachable("twin-service", "10.0.0.7:9091", "io exception"));
        assertEquals("planner-service at planner:9093 is unavailable: busy",
                Peers.unavailable("planner-service", "planner:9093", "busy"));
    }
}
