package io.twinloop.cli.command;

import io.twinloop.cli.CliException;
import io.twinloop.proto.twin.v1.GetTrafficHistoryRequest;
import io.twinloop.proto.twin.v1.GetTrafficHistoryResponse;
import io.twinloop.proto.twin.v1.TwinServiceGrpc;

/** One measured traffic row of a network, as the commands that plan or diagnose on it need it. */
final class MeasuredTraffic {

    private MeasuredTraffic() {
    }

    /**
     * The row {@code row} (0-based), or the latest when null; its sample is {@code getSamples(0)}
     * and its index {@code getFirstRow()}.
     *
     * @throws CliException when the network has no measured traffic there
     */
    static GetTrafficHistoryResponse row(TwinServiceGrpc.TwinServiceBlockingStub twin, String network, Integer row) {
        GetTrafficHistoryRequest.Builder h = GetTrafficHistoryRequest.newBuilder().setNetwork(network).setLimit(1);
        if (row != null) {
            h.setFromRow(row).setToRow(row + 1);
        }
        GetTrafficHistoryResponse hist = twin.getTrafficHistory(h.build());
        if (hist.getSamplesCount() == 0 || hist.getSamples(0).getDemandsCount() == 0) {
            throw new CliException("network " + network + " has no measured traffic "
                    + (row == null ? "in its latest row" : "at row " + row) + "; import traffic or choose --at ROW");
        }
        return hist;
    }
}
