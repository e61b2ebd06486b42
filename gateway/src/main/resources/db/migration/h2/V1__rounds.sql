-- One row per optimization round; the full record is the gateway.v1.Round message.
CREATE TABLE round (
    id          VARCHAR(64)  PRIMARY KEY,
    network     VARCHAR(200) NOT NULL,
    status      VARCHAR(40)  NOT NULL,
    started_ms  BIGINT       NOT NULL,
    record      BLOB         NOT NULL
);
CREATE INDEX round_by_network ON round (network, started_ms);
