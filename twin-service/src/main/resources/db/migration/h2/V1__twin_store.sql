-- One row per network; latest_version is the head of its version chain.
CREATE TABLE network (
    name           VARCHAR(200) PRIMARY KEY,
    created_ms     BIGINT       NOT NULL,
    latest_version BIGINT       NOT NULL
);

-- Immutable snapshots: every change writes a new version with its parent and a reason.
CREATE TABLE snapshot (
    network        VARCHAR(200)  NOT NULL REFERENCES network (name),
    version        BIGINT        NOT NULL,
    parent_version BIGINT        NOT NULL,
    reason         VARCHAR(2000) NOT NULL,
    author         VARCHAR(200)  NOT NULL,
    created_ms     BIGINT        NOT NULL,
    topology_json  CLOB          NOT NULL,
    PRIMARY KEY (network, version)
);

-- The traffic series of a network: its OD columns, then one row per interval.
CREATE TABLE traffic_series (
    network        VARCHAR(200) PRIMARY KEY REFERENCES network (name),
    od_pairs_json  CLOB         NOT NULL
);

CREATE TABLE traffic_sample (
    network        VARCHAR(200) NOT NULL REFERENCES network (name),
    row_index      INT          NOT NULL,
    time_label     VARCHAR(64)  NOT NULL,
    missing        BOOLEAN      NOT NULL,
    rates_bps      BLOB         NOT NULL,
    PRIMARY KEY (network, row_index)
);
