/**
 * The forecast-service's client of the twin: {@link io.twinloop.forecast.client.TwinClient} reads
 * traffic history over gRPC with a deadline on every call and maps the twin's failures, and
 * {@link io.twinloop.forecast.client.TrafficHistoryMapper} turns the twin's messages into a
 * {@link io.twinloop.forecast.baseline.TrafficHistory}. Generated twin types stop here.
 */
package io.twinloop.forecast.client;
