-- One periodic round schedule per network; the full record is the gateway.v1.Schedule message.
CREATE TABLE gw_schedule (
    network     VARCHAR(200) PRIMARY KEY,
    next_run_ms BIGINT       NOT NULL,
    record      BYTEA        NOT NULL
);
CREATE INDEX gw_schedule_due ON gw_schedule (next_run_ms);

-- One policy per network; the full record is the gateway.v1.NetworkPolicy message.
CREATE TABLE gw_network_policy (
    network     VARCHAR(200) PRIMARY KEY,
    updated_ms  BIGINT       NOT NULL,
    record      BYTEA        NOT NULL
);
