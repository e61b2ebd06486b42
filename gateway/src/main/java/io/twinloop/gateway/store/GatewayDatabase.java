package io.twinloop.gateway.store;

import io.twinloop.platform.store.StoreKind;

import java.util.Objects;
import javax.sql.DataSource;

/** The database the gateway's stores write to: a connection pool and its kind. */
public record GatewayDatabase(DataSource dataSource, StoreKind kind) {
    public GatewayDatabase {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(kind, "kind");
    }
}
