/**
 * The one translation between the shared proto types ({@code twinloop.common.v1}, generated in this
 * module) and the model ({@code io.twinloop.model}), in both directions. Every service, the CLI and
 * the benchmarks translate through {@link io.twinloop.platform.proto.Translator}; none keeps a copy.
 */
package io.twinloop.platform.proto;
