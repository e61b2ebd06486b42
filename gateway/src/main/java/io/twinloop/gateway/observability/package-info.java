/**
 * How the gateway's metrics are exposed at {@code /q/metrics}: in the Prometheus text format unless
 * a scraper asks for OpenMetrics, with names and help texts that pass {@code promtool check metrics}.
 */
package io.twinloop.gateway.observability;
