/** The forecast-service's state: the model registry, its reload schedule and per-network health. */
package io.twinloop.forecast.service;
