/**
 * The built-in demo network and its traffic, generated here (a 12-PoP US backbone of the
 * project's own making and a gravity-model traffic series with a diurnal cycle), so the demo
 * needs no downloaded data.
 */
package io.twinloop.cli.demo;
