package io.twinloop.cli.command;

import com.google.protobuf.ByteString;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.proto.twin.v1.ImportTrafficRequest;
import io.twinloop.proto.twin.v1.ImportTrafficResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Loads a traffic-matrix CSV series into the twin (replacing the network's series). */
@Command(name = "traffic", description = "Load a traffic-matrix CSV (time, n_demands_in_file, SRC->DST columns in Mbit/s).")
public final class TrafficCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Parameters(index = "1", description = "traffic CSV file")
    Path file;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        try (Endpoints ignored = endpoints) {
            ImportTrafficResponse r = TwinServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .importTraffic(ImportTrafficRequest.newBuilder()
                            .setNetwork(network).setFileName(file.getFileName().toString())
                            .setCsvContent(ByteString.copyFrom(ImportCommand.read(file))).build());
            if (json) {
                System.out.println(Output.json(r));
            } else {
                System.out.printf("loaded %d samples (%d missing) of %d OD pairs into '%s', %s .. %s%n",
                        r.getSamples(), r.getMissingSamples(), r.getOdPairs(), network, r.getFirstTime(), r.getLastTime());
            }
            return 0;
        }
    }
}
