/**
 * Overload protection shared by the services: per-client {@link io.twinloop.platform.limits.TokenBucket token
 * buckets} ({@link io.twinloop.platform.limits.RateLimiter}), in-flight
 * {@link io.twinloop.platform.limits.ConcurrencyLimiter concurrency limits} that shed load instead of queueing
 * it, a gRPC {@link io.twinloop.platform.limits.SheddingInterceptor} and the
 * {@link io.twinloop.platform.limits.Overload statuses} both produce (RESOURCE_EXHAUSTED / UNAVAILABLE with a
 * {@code google.rpc.RetryInfo} detail). Plain Java with an injectable clock; the services wire them to
 * their configuration and metrics.
 */
package io.twinloop.platform.limits;
