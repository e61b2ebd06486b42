package io.twinloop.model.io;

import io.twinloop.model.ImportException;
import io.twinloop.model.InvalidNetworkException;
import io.twinloop.model.Network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The single entry point for reading a topology in any supported {@link TopologyFormat}, so that
 * services do not need to know which importer handles which file.
 */
public final class TopologyImporters {

    private TopologyImporters() {
    }

    /**
     * Parses {@code content} with the importer for {@code format}.
     *
     * @throws ImportException         if the content is malformed, truncated, too large or inconsistent
     * @throws InvalidNetworkException if a value is out of range (e.g. a negative capacity)
     */
    public static Network read(TopologyFormat format, String networkName, byte[] content) {
        if (format == null) {
            throw new ImportException("UNKNOWN", -1, "no topology format given");
        }
        return switch (format) {
            case SNDLIB_XML -> new SndlibXmlImporter().read(networkName, content);
            case GML -> new GmlImporter().read(networkName, content);
            case GRAPHML -> new GraphmlImporter().read(networkName, content);
            case NODE_LINK_JSON -> new NodeLinkJsonImporter().read(networkName, content);
            case IETF_NETWORK_JSON -> new IetfNetworkJsonImporter().read(networkName, content);
            case NETBOX_JSON -> new NetboxJsonImporter().read(networkName, content);
        };
    }

    /**
     * Reads a topology file, detecting its format with {@link TopologyFormat#detect(String, byte[])}.
     * The network is named after the file without its extension ({@code abilene.xml -> abilene}).
     *
     * @throws ImportException         if the file cannot be read, is larger than 64 MiB, is in an
     *                                 unknown format, or is malformed
     * @throws InvalidNetworkException if a value is out of range (e.g. a negative capacity)
     */
    public static Network read(Path file) {
        byte[] content = readBounded("UNKNOWN", file);
        String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        TopologyFormat format = TopologyFormat.detect(fileName, content);
        return read(format, networkName(fileName), content);
    }

    /** The default network name for a file: its name without directory and last extension. */
    public static String networkName(String fileName) {
        String base = TopologyFormat.baseName(fileName);
        int dot = base.lastIndexOf('.');
        String n = dot > 0 ? base.substring(0, dot) : base;
        return n.isBlank() ? "network" : n;
    }

    /** Reads a whole file after checking it is not larger than {@link ImportRules#MAX_FILE_BYTES}. */
    static byte[] readBounded(String format, Path file) {
        if (file == null) {
            throw new ImportException(format, -1, "no file given (null)");
        }
        try {
            long size = Files.size(file);
            if (size > ImportRules.MAX_FILE_BYTES) {
                throw new ImportException(format, -1, "'" + file + "' is " + size + " bytes; the limit is "
                        + ImportRules.MAX_FILE_BYTES + " bytes (64 MiB)");
            }
            byte[] content = Files.readAllBytes(file);
            return ImportSupport.checkContent(format, content);
        } catch (IOException e) {
            throw new ImportException(format, -1, "cannot read '" + file + "': " + e, e);
        }
    }
}
