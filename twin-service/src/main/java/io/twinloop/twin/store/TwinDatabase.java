package io.twinloop.twin.store;

import io.twinloop.platform.store.StoreKind;

import java.util.Objects;
import javax.sql.DataSource;

/** The database the twin's stores write to: a connection pool and its kind. */
public record TwinDatabase(DataSource dataSource, StoreKind kind) {
    public TwinDatabase {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(kind, "kind");
    }
}
