/** Typed configuration of the planner ({@code twinloop.planner.*}) with documented defaults. */
package io.twinloop.planner.config;
