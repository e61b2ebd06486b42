/**
 * The model registry: trained forecasters as versioned directories under the data directory,
 * loaded at start-up and reloaded when the directory changes. {@link io.twinloop.forecast.registry.ModelRegistry}
 * keeps the loaded versions and picks among them; {@code ModelDirectories}
 * reads and writes their files.
 */
package io.twinloop.forecast.registry;
