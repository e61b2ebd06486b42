/**
 * The gateway's database: round history (every round's full record: inputs, candidates with
 * their verified KPIs, the choice and why, stage timings, degradations), the networks' round
 * schedules and their policies. Records are stored as their protobuf encoding, in an embedded
 * H2 file by default or in PostgreSQL ({@code twinloop.store}); SQL that differs between the
 * two lives in {@link io.twinloop.platform.store.StoreKind}.
 */
package io.twinloop.gateway.store;
