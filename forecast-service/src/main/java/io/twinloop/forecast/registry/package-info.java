/**
 * The model registry: trained forecasters as versioned directories under the data directory,
 * loaded at start-up and reloaded when the directory changes.
 */
package io.twinloop.forecast.registry;
