package io.twinloop.twin.events;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process broadcaster of {@link TwinEvent}s. Writers publish after their transaction
 * committed; each subscriber is called on the publisher's thread, so a subscriber must be quick
 * (hand the event to a stream, never block). A subscriber that throws is removed.
 */
@ApplicationScoped
public class TwinEvents {
    private static final Logger LOG = Logger.getLogger(TwinEvents.class);

    /** Receives events, and is told when the broadcaster shuts down. */
    public interface Listener {
        void onEvent(TwinEvent event);

        /** The service is stopping; no more events will come. */
        default void onClose() {
        }
    }

    /** A subscription; closing it stops delivery. Idempotent. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Starts delivering every later event to {@code listener}. */
    public Subscription subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Whether anyone listens (publishers skip computing events nobody would receive). */
    public boolean hasSubscribers() {
        return !listeners.isEmpty();
    }

    /** Number of current subscribers. */
    public int subscribers() {
        return listeners.size();
    }

    /** Delivers {@code event} to every subscriber, in subscription order. */
    public void publish(TwinEvent event) {
        for (Listener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warnf(e, "event listener failed; unsubscribing it");
                listeners.remove(l);
            }
        }
    }

    /** Tells every subscriber that no more events will come, and forgets them. */
    public void close() {
        for (Listener l : listeners) {
            try {
                l.onClose();
            } catch (RuntimeException e) {
                LOG.debug("listener failed on close", e);
            }
        }
        listeners.clear();
    }

    void onShutdown(@Observes ShutdownEvent ev) {
        close();
    }
}
