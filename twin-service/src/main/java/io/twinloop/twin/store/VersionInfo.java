package io.twinloop.twin.store;

/** Metadata of one snapshot version. {@code parentVersion} is 0 for the first version. */
public record VersionInfo(long version, long parentVersion, String reason, String author, long createdUnixMs) {
}
