package io.twinloop.cli.command;

import com.google.protobuf.ByteString;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.ImportTrafficResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Loads a traffic-matrix CSV into the twin: appends its rows after the network's stored series (the twin
 * refuses rows that overlap it), or replaces the series with {@code --replace}. Any refusal (empty file, bad
 * or overlapping times, another step or other OD pairs) exits non-zero and changes nothing.
 */
@Command(name = "traffic", description = {
        "Load a traffic-matrix CSV (time, n_demands_in_file, SRC->DST columns in Mbit/s) into the network's series.",
        "Rows are appended after the stored series: their times (ISO-8601, yyyyMMdd-HHmm or yyyyMMdd, UTC) must "
                + "increase, start after the last stored time and keep the series' step; whole missing intervals "
                + "become missing rows. --replace replaces the stored series instead. An empty file is always refused.",
        "'twinloop traffic estimate NETWORK ...' estimates the matrices from link counters instead, and "
                + "'twinloop traffic follow NETWORK' has the twin keep the series from its telemetry (see their --help)."},
        subcommands = {TrafficEstimateCommand.class, TrafficFollowCommand.class})
public final class TrafficCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Endpoints endpoints;

    // Optional to picocli only because a subcommand follows 'traffic' without them; call() requires both.
    @Parameters(index = "0", arity = "0..1", paramLabel = "NETWORK", description = "network name")
    String network;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "traffic CSV file")
    Path file;

    @Option(names = "--replace", description = "replace the stored series with the file's rows (default: append)")
    boolean replace;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        if (network == null || file == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter"
                    + (network == null ? "s: NETWORK, FILE" : ": FILE") + " (or use 'traffic estimate')");
        }
        try (Endpoints ignored = endpoints) {
            ImportTrafficResponse r = TwinServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .importTraffic(ImportTrafficRequest.newBuilder()
                            .setNetwork(network).setFileName(file.getFileName().toString()).setReplace(replace)
                            .setCsvContent(ByteString.copyFrom(ImportCommand.read(file))).build());
            if (json) {
                System.out.println(Output.json(r));
            } else {
                System.out.printf("%s %d samples (%d missing%s) of %d OD pairs %s '%s', %s .. %s: rows %d..%d of %d%n",
                        r.getReplaced() ? "replaced the series with" : "appended", r.getSamples(), r.getMissingSamples(),
                        r.getGapRows() > 0 ? ", " + r.getGapRows() + " of them filling gaps" : "", r.getOdPairs(),
                        r.getReplaced() ? "in" : "to", network, r.getFirstTime(), r.getLastTime(), r.getFirstRow(),
                        r.getTotalSamples() - 1, r.getTotalSamples());
            }
            return 0;
        }
    }
}
