package io.twinloop.gateway;

import io.twinloop.proto.common.v1.Plan;
import io.twinloop.proto.planner.v1.Candidate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the fake downstream services do in the current test. Reset before each test. */
final class Script {
    static final AtomicLong version = new AtomicLong(1);
    static volatile boolean twinDown;
    static volatile boolean forecastDown;
    static volatile boolean plannerDown;
    /** The twin holds no link telemetry. */
    static volatile boolean noTelemetry;
    /** Bump the twin's version when a candidate plan is simulated (someone else changes the network). */
    static volatile boolean bumpVersionOnVerify;
    static volatile List<Candidate> candidates = List.of();
    /** LLM fields the planner adds to its answer (status, usage, trace). */
    static volatile io.twinloop.proto.planner.v1.ProposeResponse llm =
            io.twinloop.proto.planner.v1.ProposeResponse.getDefaultInstance();
    static final List<Plan> applied = new ArrayList<>();
    static final AtomicInteger applyCalls = new AtomicInteger();
    /** When set, the planner waits for it before answering (rounds held in their plan stage). */
    static volatile java.util.concurrent.CountDownLatch plannerGate;
    /** Propose calls waiting at {@link #plannerGate}. */
    static final AtomicInteger plannerWaiting = new AtomicInteger();
    /** When set, ApplyPlan waits here (a decision in progress). */
    static volatile java.util.concurrent.CountDownLatch applyGate;
    /** ApplyPlan calls waiting at {@link #applyGate}. */
    static final AtomicInteger applyWaiting = new AtomicInteger();
    /** Traffic samples the twin holds (GetNetwork, ListNetworks). */
    static volatile int trafficSamples = 6;
    /** Links the twin's GetNetwork leaves out (a later version that dropped them). */
    static volatile java.util.Set<String> removedLinks = java.util.Set.of();
    /** When set, the planner's Propose answers with this status (e.g. a refusal) instead of candidates. */
    static volatile io.grpc.Status plannerError;
    /** The fit of the twin's stored row when it was estimated from link counters; NaN for a measured row. */
    static volatile double storedRowFit = Double.NaN;

    private Script() {
    }

    static void reset() {
        version.set(1);
        twinDown = false;
        forecastDown = false;
        plannerDown = false;
        noTelemetry = false;
        bumpVersionOnVerify = false;
        candidates = List.of();
        llm = io.twinloop.proto.planner.v1.ProposeResponse.getDefaultInstance();
        synchronized (applied) {
            applied.clear();
        }
        applyCalls.set(0);
        trafficSamples = 6;
        removedLinks = java.util.Set.of();
        plannerError = null;
        storedRowFit = Double.NaN;
        plannerGate = null;
        plannerWaiting.set(0);
        applyGate = null;
        applyWaiting.set(0);
    }
}
