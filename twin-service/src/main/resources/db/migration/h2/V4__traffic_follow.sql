-- Estimated traffic rows keep the residual of every counted link (estimated load minus counted rate) and
-- the links that had no counter, encoded by ResidualCodec; NULL for measured rows and rows stored before.
ALTER TABLE traffic_sample ADD COLUMN residuals BLOB;

-- Networks whose traffic series the twin keeps from their telemetry (SetTrafficFollow), with progress;
-- next_ms is the start of the next interval to estimate (NULL: after the stored series, or the first telemetry).
CREATE TABLE traffic_follow (
    network             VARCHAR(200) PRIMARY KEY REFERENCES network (name),
    enabled             BOOLEAN      NOT NULL,
    method              VARCHAR(32)  NOT NULL,
    interval_seconds    INT          NOT NULL,
    settle_seconds      INT          NOT NULL,
    intervals_estimated BIGINT       NOT NULL,
    intervals_failed    BIGINT       NOT NULL,
    last_interval       VARCHAR(64),
    last_fit_error      DOUBLE PRECISION,
    last_method         VARCHAR(32),
    last_error          CLOB,
    last_run_ms         BIGINT,
    next_ms             BIGINT
);
