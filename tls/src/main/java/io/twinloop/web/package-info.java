/**
 * HTTP-server plumbing every service shares: {@link io.twinloop.web.MetricsAccessFilter} applies the one
 * {@code /q/metrics} access decision ({@link io.twinloop.model.auth.MetricsAccess}) with the service's own tokens.
 */
package io.twinloop.web;
