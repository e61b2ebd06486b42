package io.twinloop.platform.store;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which database holds a service's state (the twin's networks, the gateway's rounds, schedules and
 * policies), chosen at start-up by {@code twinloop.store} (env {@code TWINLOOP_STORE}). Both drivers
 * are built in; only the chosen datasource is active.
 */
public enum StoreKind {
    /** An H2 database file under {@code twinloop.data-dir}; nothing to install. */
    EMBEDDED("embedded", "h2"),
    /** A PostgreSQL server, from {@code QUARKUS_DATASOURCE_PG_JDBC_URL}. */
    POSTGRESQL("postgresql", "pg");

    private final String value;
    private final String datasource;

    StoreKind(String value, String datasource) {
        this.value = value;
        this.datasource = datasource;
    }

    /** The setting's value, as written in configuration. */
    public String value() {
        return value;
    }

    /** The name of the Quarkus datasource this kind uses. */
    public String datasource() {
        return datasource;
    }

    /**
     * An atomic insert-or-replace of one row by its primary key, in this database's dialect:
     * H2's {@code MERGE ... KEY}, PostgreSQL's {@code INSERT ... ON CONFLICT DO UPDATE}. The
     * parameters are {@code columns} in order; the key must be the first column.
     */
    public String upsert(String table, List<String> columns) {
        String names = String.join(", ", columns);
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        String key = columns.get(0);
        return switch (this) {
            case EMBEDDED -> "MERGE INTO " + table + " (" + names + ") KEY (" + key + ") VALUES (" + marks + ")";
            case POSTGRESQL -> "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ") ON CONFLICT (" + key
                    + ") DO UPDATE SET " + columns.stream().skip(1).map(c -> c + " = EXCLUDED." + c)
                    .collect(Collectors.joining(", "));
        };
    }

    /**
     * Reads a {@code twinloop.store} value.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code value} is not one
     */
    public static StoreKind parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (StoreKind k : values()) {
            if (k.value.equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("twinloop.store (env TWINLOOP_STORE) is '" + value
                + "'; use 'embedded' (an H2 file under TWINLOOP_DATA_DIR) or 'postgresql' "
                + "(QUARKUS_DATASOURCE_PG_JDBC_URL, _USERNAME, _PASSWORD)");
    }
}
