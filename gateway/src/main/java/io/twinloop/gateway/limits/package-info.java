/** The gateway's per-client rate limits (gRPC and REST share the buckets) and its load shedding. */
package io.twinloop.gateway.limits;
