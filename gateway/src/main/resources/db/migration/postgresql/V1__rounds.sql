-- One row per optimization round; the full record is the gateway.v1.Round message.
-- The gateway's tables live in their own schema (quarkus.flyway.pg.schemas) and carry a gw_
-- prefix, so they never meet the twin-service's tables when both use one database.
CREATE TABLE gw_round (
    id          VARCHAR(64)  PRIMARY KEY,
    network     VARCHAR(200) NOT NULL,
    status      VARCHAR(40)  NOT NULL,
    started_ms  BIGINT       NOT NULL,
    record      BYTEA        NOT NULL
);
CREATE INDEX gw_round_by_network ON gw_round (network, started_ms);
