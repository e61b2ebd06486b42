/**
 * Overload protection shared by the services: per-client {@link io.twinloop.model.limits.TokenBucket token
 * buckets} ({@link io.twinloop.model.limits.RateLimiter}), in-flight
 * {@link io.twinloop.model.limits.ConcurrencyLimiter concurrency limits} that shed load instead of queueing
 * it, a gRPC {@link io.twinloop.model.limits.SheddingInterceptor} and the
 * {@link io.twinloop.model.limits.Overload statuses} both produce (RESOURCE_EXHAUSTED / UNAVAILABLE with a
 * {@code google.rpc.RetryInfo} detail). Plain Java with an injectable clock; the services wire them to
 * their configuration and metrics.
 */
package io.twinloop.model.limits;
