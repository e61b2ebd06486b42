package io.twinloop.forecast.client;

import io.grpc.Status;
import io.twinloop.platform.limits.Overload;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** A twin the forecaster cannot reach is named by the address tried; a twin that answers keeps its own words. */
class TwinClientErrorsTest {

    @Test
    void anUnreachableTwinIsNamedByItsAddress() {
        RuntimeException e = TwinClient.map("GetTrafficHistory", "127.0.0.1:19091", Status.UNAVAILABLE
                .withDescription("io exception").withCause(new ConnectException("Connection refused")).asRuntimeException());
        assertInstanceOf(TwinUnavailableException.class, e);
        assertEquals("twin-service at 127.0.0.1:19091 is unreachable: io exception (Connection refused)", e.getMessage());
    }

    @Test
    void aTwinThatShedsLoadIsUnavailableAtItsAddress() {
        RuntimeException e = TwinClient.map("GetTrafficHistory", "twin:9091", Overload.shed("twin-service is busy", 1_000_000));
        assertInstanceOf(TwinUnavailableException.class, e);
        assertEquals("twin-service at twin:9091 is unavailable: twin-service is busy", e.getMessage());
    }
}
