package io.twinloop.platform.web;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * {@code /q/metrics} as Prometheus' own tools read it, in every service (this jar is in all four).
 *
 * <ul>
 *   <li><b>Format</b>: Quarkus answers OpenMetrics unless the {@code Accept} header names
 *       {@code text/plain}, so a plain {@code curl} (Accept {@code *}{@code /*}) got OpenMetrics, whose
 *       escaped quotes in help texts the Prometheus text parser of {@code promtool check metrics}
 *       rejects. A request that does not ask for {@code application/openmetrics-text} now gets the
 *       text format 0.0.4; Prometheus itself lists {@code text/plain} in its Accept header and gets it
 *       either way.</li>
 *   <li><b>Names and help</b> ({@link #prometheusNames()}): library meters registered without a
 *       description get one (an empty {@code # HELP} fails the lint), {@code system.cpu.count} is
 *       exported as {@code system_cpus} (a gauge may not end in {@code _count}), camelCase tag keys
 *       (the gRPC meters' {@code methodType}) become snake_case label names, and
 *       {@code process.cpu.time}, counted in nanoseconds ({@code process_cpu_time_ns_total}: an
 *       abbreviated, non-base unit), is left out ({@code process_cpu_usage} remains), and so are long
 *       task timers, which this registry writes as a summary whose {@code _active_count} and
 *       {@code _duration_sum} samples the text format cannot declare (the one Quarkus registers,
 *       {@code http.server.connections}, has {@code http_server_active_connections} beside it).</li>
 * </ul>
 */
@ApplicationScoped
public class PrometheusExposition {
    private static final String METRICS_PATH = "/q/metrics";
    /** Help texts of library meters that come without one. */
    private static final Map<String, String> HELP = Map.of(
            "http.server.active.requests", "HTTP requests being handled",
            "netty.allocator.memory.pinned", "Memory pinned by Netty's buffer allocator, in bytes",
            "netty.allocator.memory.used", "Memory used by Netty's buffer allocator, in bytes",
            "netty.allocator.pooled.arenas", "Arenas of Netty's pooled buffer allocator",
            "netty.allocator.pooled.cache.size", "Cache size of Netty's pooled buffer allocator, in bytes",
            "netty.allocator.pooled.chunk.size", "Chunk size of Netty's pooled buffer allocator, in bytes",
            "netty.allocator.pooled.threadlocal.caches", "Thread-local caches of Netty's pooled buffer allocator",
            "netty.eventexecutor.tasks.pending", "Tasks waiting in a Netty event loop");

    void defaultToText(@Observes Router router) {
        router.route(METRICS_PATH).order(-1).handler(rc -> {
            String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
            if (accept == null || !accept.contains("application/openmetrics-text")) {
                rc.request().headers().set(HttpHeaders.ACCEPT, "text/plain");
            }
            rc.next();
        });
    }

    /** {@code methodType} → {@code method_type}: Prometheus label names are snake_case. */
    static String snakeCase(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Meter names and descriptions that pass {@code promtool check metrics}. */
    @Produces
    @Singleton
    MeterFilter prometheusNames() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return id.getName().equals("process.cpu.time") || id.getType() == Meter.Type.LONG_TASK_TIMER
                        ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                String name = id.getName().equals("system.cpu.count") ? "system.cpus" : id.getName();
                String help = id.getDescription();
                if (help == null || help.isBlank()) {
                    help = HELP.getOrDefault(id.getName(), "Meter " + id.getName() + " (its library gives no description)");
                }
                List<Tag> tags = id.getTags().stream().map(t -> Tag.of(snakeCase(t.getKey()), t.getValue())).toList();
                return name.equals(id.getName()) && help.equals(id.getDescription()) && tags.equals(id.getTags()) ? id
                        : new Meter.Id(name, Tags.of(tags), id.getBaseUnit(), help, id.getType());
            }
        };
    }
}
