package io.twinloop.gateway.round;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.twinloop.proto.common.v1.Kpis;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.StageTiming;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's Prometheus metrics (served at {@code /q/metrics}):
 *
 * <ul>
 *   <li>{@code twinloop_rounds_total{network, status, trigger}}: rounds finished (a decision on a
 *       pending round counts again, under its new status);</li>
 *   <li>{@code twinloop_round_duration_seconds{network, status}}: round wall time;</li>
 *   <li>{@code twinloop_stage_duration_seconds{stage, status}}: time per stage;</li>
 *   <li>{@code twinloop_round_store_write_seconds}: writing a finished round to the store (not in the
 *       round's own RECORD timing, which cannot include its own write);</li>
 *   <li>{@code twinloop_round_degradations_total{network}}: fallbacks taken;</li>
 *   <li>{@code twinloop_llm_tokens_total{network}}: LLM tokens spent by rounds;</li>
 *   <li>{@code twinloop_kpi_max_link_utilization{network, when}}, {@code twinloop_kpi_mean_latency_seconds},
 *       {@code twinloop_kpi_power_watts}: the KPIs of the network's last finished round, before and
 *       after its chosen plan ({@code when="before"|"after"}).</li>
 * </ul>
 *
 * Network names are bounded by what the twin holds, so they are safe as label values.
 */
@ApplicationScoped
public class RoundMetrics {
    private final MeterRegistry registry;
    /** Last KPI values, per "network|when|kpi"; gauges read from here. */
    private final Map<String, double[]> kpis = new ConcurrentHashMap<>();

    @Inject
    public RoundMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records a round that has just been stored (finished, failed, pending or decided). */
    public void recorded(Round r) {
        String network = r.getNetwork();
        String status = label(r.getStatus().name(), "ROUND_STATUS_");
        Counter.builder("twinloop_rounds").description("Optimization rounds recorded, by outcome")
                .tags("network", network, "status", status, "trigger", label(r.getTrigger().name(), "ROUND_TRIGGER_"))
                .register(registry).increment();
        if (r.getFinishedUnixMs() > 0 && r.getStartedUnixMs() > 0 && r.getDecidedBy().isEmpty()) {
            Timer.builder("twinloop_round_duration").description("Wall time of a round")
                    .tags("network", network, "status", status).register(registry)
                    .record(Duration.ofMillis(Math.max(0, r.getFinishedUnixMs() - r.getStartedUnixMs())));
        }
        if (!r.getDecidedBy().isEmpty()) {
            return; // a decision: stages, degradations and tokens were counted when the round ran
        }
        for (StageTiming t : r.getTimingsList()) {
            Timer.builder("twinloop_stage_duration").description("Time spent in one stage of a round")
                    .tags("stage", label(t.getStage().name(), "STAGE_"), "status", label(t.getStatus().name(), "STAGE_STATUS_"))
                    .register(registry).record(Duration.ofNanos((long) (t.getDurationMs() * 1e6)));
        }
        if (r.getDegradationsCount() > 0) {
            Counter.builder("twinloop_round_degradations").description("Fallbacks taken by rounds")
                    .tags("network", network).register(registry).increment(r.getDegradationsCount());
        }
        if (r.getLlmUsage().getTotalTokens() > 0) {
            Counter.builder("twinloop_llm_tokens").description("LLM tokens spent by rounds")
                    .tags("network", network).register(registry).increment(r.getLlmUsage().getTotalTokens());
        }
        if (r.hasKpisBefore()) {
            kpis(network, "before", r.getKpisBefore());
        }
        if (r.hasKpisAfter()) {
            kpis(network, "after", r.getKpisAfter());
        }
    }

    /** Records how long writing a finished round to the store took. */
    public void stored(long nanos) {
        Timer.builder("twinloop_round_store_write").description("Time to write a finished round to the store")
                .register(registry).record(Duration.ofNanos(nanos));
    }

    private void kpis(String network, String when, Kpis k) {
        set(network, when, "twinloop_kpi_max_link_utilization", "Maximum link utilisation (fraction) of the last round",
                k.getMaxLinkUtilization());
        set(network, when, "twinloop_kpi_mean_latency_seconds", "Traffic-weighted mean latency (seconds) of the last round",
                k.getMeanLatencyMs() / 1000);
        set(network, when, "twinloop_kpi_power_watts", "Network power (W) of the last round", k.getTotalPowerW());
    }

    private void set(String network, String when, String name, String help, double value) {
        double[] cell = kpis.computeIfAbsent(network + '|' + when + '|' + name, key -> {
            double[] c = {Double.NaN};
            Gauge.builder(name, c, a -> a[0]).description(help).tags("network", network, "when", when).register(registry);
            return c;
        });
        cell[0] = value;
    }

    private static String label(String enumName, String prefix) {
        return (enumName.startsWith(prefix) ? enumName.substring(prefix.length()) : enumName).toLowerCase(Locale.ROOT);
    }
}
