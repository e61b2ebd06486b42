/**
 * HTTP-server plumbing every service shares: {@link io.twinloop.platform.web.MetricsAccessFilter} applies the one
 * {@code /q/metrics} access decision ({@link io.twinloop.platform.auth.MetricsAccess}) with the service's own tokens, and
 * {@link io.twinloop.platform.web.PrometheusExposition} serves those metrics in the Prometheus text format with names and help
 * texts that pass {@code promtool check metrics}.
 */
package io.twinloop.platform.web;
