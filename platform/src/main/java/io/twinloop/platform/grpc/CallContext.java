package io.twinloop.platform.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.function.BooleanSupplier;

/**
 * Whether the caller of the current gRPC call still waits for its answer: the call's {@link Context} is
 * cancelled when its deadline passes ({@link DeadlineInterceptor}) or the caller cancels it. Long work checks
 * this between its steps and stops, instead of computing an answer nobody receives.
 */
public final class CallContext {
    private CallContext() {
    }

    /**
     * Whether the current call was given up, readable from any thread (worker threads the call's work runs on
     * do not carry its context themselves).
     */
    public static BooleanSupplier givenUp() {
        Context call = Context.current();
        return call::isCancelled;
    }

    /** Throws {@link #givenUp(String)} when the current call was given up. */
    public static void checkNotGivenUp(String work) {
        if (Context.current().isCancelled()) {
            throw givenUp(work);
        }
    }

    /**
     * The status of work stopped because the current call was given up: DEADLINE_EXCEEDED when its deadline
     * passed, else CANCELLED, naming the work.
     */
    public static StatusRuntimeException givenUp(String work) {
        Status s = Contexts.statusFromCancelled(Context.current());
        return (s == null ? Status.CANCELLED : s)
                .withDescription(work + " stopped: the caller gave up (" + (s == null ? "CANCELLED" : s.getCode()) + ")")
                .asRuntimeException();
    }
}
