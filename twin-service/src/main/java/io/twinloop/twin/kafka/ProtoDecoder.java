package io.twinloop.twin.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.twinloop.proto.twin.v1.IngestTelemetryRequest;
import io.twinloop.twin.grpc.TwinProtoMapper;
import io.twinloop.twin.telemetry.LinkSample;

import java.util.ArrayList;
import java.util.List;

/**
 * Format {@code twinloop-proto}: each message is one {@code IngestTelemetryRequest} (the twin's own gRPC ingestion
 * message) whose samples are already rates per link id. Its {@code network} must be empty or the topic's.
 */
final class ProtoDecoder implements MessageDecoder {
    private final String network;

    ProtoDecoder(String network) {
        this.network = network;
    }

    @Override
    public List<LinkSample> decode(byte[] value) throws MalformedMessageException {
        IngestTelemetryRequest req;
        try {
            req = IngestTelemetryRequest.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("not an IngestTelemetryRequest: " + e.getMessage(), e);
        }
        if (!req.getNetwork().isEmpty() && !req.getNetwork().equals(network)) {
            throw new MalformedMessageException("the message is for network '" + req.getNetwork()
                    + "' but its topic feeds network '" + network + "'");
        }
        List<LinkSample> out = new ArrayList<>(req.getSamplesCount());
        req.getSamplesList().forEach(s -> out.add(TwinProtoMapper.linkSample(s)));
        return out;
    }
}
