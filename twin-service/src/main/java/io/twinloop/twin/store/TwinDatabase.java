package io.twinloop.twin.store;

import javax.sql.DataSource;
import java.util.Objects;

/** The database the twin's stores write to: a connection pool and its kind. */
public record TwinDatabase(DataSource dataSource, StoreKind kind) {
    public TwinDatabase {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(kind, "kind");
    }
}
