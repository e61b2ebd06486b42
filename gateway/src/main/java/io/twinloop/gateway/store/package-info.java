/**
 * Round history: every round's full record (inputs, candidates with their verified KPIs,
 * the choice and why, stage timings, degradations), kept in the gateway's database.
 */
package io.twinloop.gateway.store;
