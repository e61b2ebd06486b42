package io.twinloop.cli.command;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.twinloop.cli.CliException;
import io.twinloop.cli.Endpoints;
import io.twinloop.cli.Output;
import io.twinloop.model.NetworkName;
import io.twinloop.proto.twin.v1.ImportTopologyRequest;
import io.twinloop.proto.twin.v1.ImportTopologyResponse;
import io.twinloop.proto.twin.v1.TopologyFormat;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Imports a topology file into the twin as a new version of a network. */
@Command(name = "import", description = {
        "Import a topology (SNDlib XML, Topology Zoo GML/GraphML, NetworkX JSON, RFC 8345 JSON, NetBox export).",
        "RFC 8345 (ietf-network:networks) and NetBox ({devices, interfaces, cables}) JSON carry interface names; "
                + "they are recognised from the file's content (leave --format out)."})
public final class ImportCommand implements Callable<Integer> {
    @Mixin
    Endpoints endpoints;

    @Parameters(index = "0", description = "network name")
    String network;

    @Parameters(index = "1", description = "topology file")
    Path file;

    @Option(names = "--format", description = "sndlib-xml, gml, graphml or node-link-json (default: detect from the "
            + "file, which also recognises RFC 8345 and NetBox JSON)")
    String format;

    @Option(names = "--replace", description = "when the network's stored traffic has OD pairs over nodes the new "
            + "topology lacks, import anyway and drop those pairs' traffic (without it such an import is refused)")
    boolean replace;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        String problem = NetworkName.problem(network);
        if (problem != null) {
            throw Status.INVALID_ARGUMENT.withDescription(problem).asRuntimeException();
        }
        try (Endpoints ignored = endpoints) {
            ImportTopologyResponse r = TwinServiceGrpc.newBlockingStub(endpoints.channel(endpoints.services().get("twin-service")))
                    .withDeadlineAfter(endpoints.timeoutSeconds(), TimeUnit.SECONDS)
                    .importTopology(ImportTopologyRequest.newBuilder()
                            .setNetwork(network).setFormat(format(format))
                            .setFileName(file.getFileName().toString())
                            .setContent(ByteString.copyFrom(read(file)))
                            .setAuthor(System.getProperty("user.name", ""))
                            .setReplace(replace)
                            .build());
            if (json) {
                System.out.println(Output.json(r));
            } else {
                System.out.printf("imported %s as network '%s' version %d: %d nodes, %d directed links, %d static demands%n",
                        file, r.getNetwork(), r.getVersion(), r.getNodes(), r.getLinks(), r.getDemands());
                if (r.getDroppedOdPairs() > 0) {
                    System.out.printf("dropped the stored traffic of %d OD pairs whose nodes are not in the new topology%n",
                            r.getDroppedOdPairs());
                }
            }
            return 0;
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static TopologyFormat format(String f) {
        if (f == null) {
            return TopologyFormat.TOPOLOGY_FORMAT_UNSPECIFIED;
        }
        return switch (f.toLowerCase()) {
            case "sndlib-xml", "sndlib", "xml" -> TopologyFormat.TOPOLOGY_FORMAT_SNDLIB_XML;
            case "gml" -> TopologyFormat.TOPOLOGY_FORMAT_GML;
            case "graphml" -> TopologyFormat.TOPOLOGY_FORMAT_GRAPHML;
            case "node-link-json", "json" -> TopologyFormat.TOPOLOGY_FORMAT_NODE_LINK_JSON;
            default -> throw new CliException("unknown format '" + f + "'; use sndlib-xml, gml, graphml or node-link-json");
        };
    }
}
