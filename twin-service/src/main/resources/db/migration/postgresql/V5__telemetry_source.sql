-- Kafka topics bound to networks (SetTelemetrySource): the twin consumes each topic's telemetry messages,
-- in the given format, into the network's link telemetry.
CREATE TABLE telemetry_source (
    network      VARCHAR(200) NOT NULL REFERENCES network (name),
    kafka_topic  VARCHAR(249) NOT NULL,
    format       VARCHAR(32)  NOT NULL,
    group_id     VARCHAR(255) NOT NULL,
    bound_ms     BIGINT       NOT NULL,
    PRIMARY KEY (network, kafka_topic)
);
