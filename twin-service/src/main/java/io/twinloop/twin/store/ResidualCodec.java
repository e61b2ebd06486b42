package io.twinloop.twin.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of an estimated traffic row's residuals (column {@code traffic_sample.residuals}): a format
 * byte, then every counted link's id, counted rate and residual, then the ids of the links without a counter.
 * Link ids are stored, not indices, so a row keeps naming its links after the topology changes.
 */
public final class ResidualCodec {
    private static final int FORMAT = 1;

    /** One counted link of an interval: its counted rate and the estimate's load minus it, in bit/s. */
    public record LinkFit(String linkId, double countedBps, double residualBps) {
    }

    /** The residuals of one estimated interval. */
    public record Residuals(List<LinkFit> links, List<String> missingLinkIds) {
        public Residuals {
            links = List.copyOf(links);
            missingLinkIds = List.copyOf(missingLinkIds);
        }
    }

    private ResidualCodec() {
    }

    public static byte[] encode(Residuals r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + r.links().size() * 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(r.links().size());
            for (LinkFit f : r.links()) {
                out.writeUTF(f.linkId());
                out.writeDouble(f.countedBps());
                out.writeDouble(f.residualBps());
            }
            out.writeInt(r.missingLinkIds().size());
            for (String id : r.missingLinkIds()) {
                out.writeUTF(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Residuals decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException("stored residuals have format " + format + "; this twin reads format " + FORMAT);
            }
            int n = in.readInt();
            List<LinkFit> links = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                links.add(new LinkFit(in.readUTF(), in.readDouble(), in.readDouble()));
            }
            int m = in.readInt();
            List<String> missing = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                missing.add(in.readUTF());
            }
            return new Residuals(links, missing);
        } catch (IOException e) {
            throw new IllegalStateException("stored residuals are damaged: " + e.getMessage(), e);
        }
    }
}
