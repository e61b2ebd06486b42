package io.twinloop.cli.command;

import com.google.protobuf.ByteString;
import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.cli.demo.DemoData;
import io.twinloop.model.TrafficSeries;
import io.twinloop.model.io.TrafficCsvImporter;
import io.twinloop.proto.gateway.v1.GatewayServiceGrpc;
import io.twinloop.proto.gateway.v1.Round;
import io.twinloop.proto.gateway.v1.RoundMode;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTopologyResponse;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.ImportTrafficResponse;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Loads the built-in demo network and traffic into the twin (a fresh version, so every demo
 * starts from unit weights) and runs rounds at the busiest hour of the last day.
 */
@Command(name = "demo", description = "Load the built-in demo network and traffic, then run optimization rounds.")
public final class DemoCommand implements Callable<Integer> {
    static final String NETWORK = "demo";

    @Mixin
    Endpoints endpoints;

    @Option(names = "--rounds", description = "number of rounds (default ${DEFAULT-VALUE})", defaultValue = "3")
    int rounds;

    @Option(names = "--mode", description = "dry-run, auto or approve (default ${DEFAULT-VALUE})", defaultValue = "auto")
    String mode;

    @Option(names = "--seed", description = "traffic generator seed (default ${DEFAULT-VALUE})", defaultValue = "7")
    long seed;

    @Override
    public Integer call() {
        if (rounds < 1 || rounds > 50) {
            throw new CliException("--rounds must be between 1 and 50");
        }
        RoundMode roundMode = RoundCommand.mode(mode);
        byte[] csv = DemoData.trafficCsv(seed).getBytes(StandardCharsets.UTF_8);
        try (Endpoints ignored = endpoints) {
            var twin = TwinServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("twin-service")));
            ImportTopologyResponse topo = twin.withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .importTopology(ImportTopologyRequest.newBuilder().setNetwork(NETWORK)
                            .setFormat(TopologyFormat.TOPOLOGY_FORMAT_GML).setFileName("demo-backbone.gml")
                            .setContent(ByteString.copyFromUtf8(DemoData.gml()))
                            .setReason("demo: load the built-in backbone").setAuthor("demo").build());
            System.out.printf("loaded network '%s' version %d: %d PoPs, %d directed links (built-in demo backbone)%n",
                    NETWORK, topo.getVersion(), topo.getNodes(), topo.getLinks());
            ImportTrafficResponse traffic = twin.withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .importTraffic(ImportTrafficRequest.newBuilder().setNetwork(NETWORK).setFileName("demo-traffic.csv").setReplace(true)
                            .setCsvContent(ByteString.copyFrom(csv)).build());
            System.out.printf("loaded %d traffic matrices of %d OD pairs, %s .. %s (15-minute gravity model, seed %d)%n%n",
                    traffic.getSamples(), traffic.getOdPairs(), traffic.getFirstTime(), traffic.getLastTime(), seed);

            int first = Math.max(DemoData.ROWS_PER_DAY + 1, Math.min(busiestRowOfLastDay(csv), DemoData.rows() - rounds));
            var gateway = GatewayServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("gateway")));
            List<Round> done = new ArrayList<>();
            RoundTable.header(System.out);
            for (int i = 0; i < rounds; i++) {
                Round r = gateway.withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                        .runRound(RoundCommand.request(NETWORK, roundMode, first + i, 0, 0, 30)).getRound();
                done.add(r);
                RoundTable.row(System.out, i + 1, r);
            }
            System.out.println();
            Round last = done.get(done.size() - 1);
            long applied = done.stream().filter(r -> r.getAppliedVersion() > 0).count();
            System.out.printf("MLU at the busiest hour: %s before the first round, %s after the last; %d of %d rounds applied a plan"
                            + " (network now at version %d).%n",
                    Output.percent(done.get(0).getKpisBefore().getMaxLinkUtilization()),
                    Output.percent(last.getKpisAfter().getMaxLinkUtilization()), applied, rounds,
                    Math.max(last.getAppliedVersion(), last.getBaseVersion()));
            System.out.println(last.getLlmStatus() + "; forecast: " + (last.getForecastMethod().isEmpty() ? "none"
                    : last.getForecastMethod()) + ".");
            System.out.printf("Details of the last round: ./twinloop round show %s%n", last.getId());
            return 0;
        }
    }

    /** The row of the last day with the highest total offered traffic. */
    static int busiestRowOfLastDay(byte[] csv) {
        TrafficSeries series = TrafficCsvImporter.read(csv);
        int best = series.size() - 1;
        double bestTotal = -1;
        for (int row = series.size() - DemoData.ROWS_PER_DAY; row < series.size(); row++) {
            double total = series.demandsAt(row).stream().mapToDouble(d -> d.rateBps()).sum();
            if (total > bestTotal) {
                bestTotal = total;
                best = row;
            }
        }
        return best;
    }
}
