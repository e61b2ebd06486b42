/**
 * The REST/JSON view of the gateway for browsers and scripts, under {@code /api/v1}, described
 * by the OpenAPI document at {@code /q/openapi}. Round operations go through the gateway's own
 * gRPC service, called in-process, so that REST and gRPC share one validation and one error
 * mapping; rounds are proto JSON of {@code twinloop.gateway.v1}. The topology view joins the
 * twin's latest snapshot with a simulation under its latest traffic sample. The dashboard that
 * uses it is static ({@code META-INF/resources}).
 */
package io.twinloop.gateway.rest;
