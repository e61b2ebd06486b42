package io.twinloop.platform.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens a service accepts, read from a file of lines {@code TOKEN ROLES [NAME]}:
 * {@code ROLES} is a comma-separated list of {@code viewer}, {@code operator}, {@code approver};
 * {@code #} starts a comment. Only SHA-256 digests of the tokens are kept, and a lookup compares
 * digests in constant time against every entry, so neither memory dumps nor timing reveal tokens.
 */
public final class TokenStore {
    /** Shortest token accepted (characters). */
    public static final int MIN_TOKEN_LENGTH = 16;

    private record Entry(byte[] digest, Principal principal) {
    }

    private final List<Entry> entries;

    private TokenStore(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads a tokens file.
     *
     * @throws IllegalArgumentException naming the line (never the token) when a line is malformed
     */
    public static TokenStore load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the lines of a tokens file; {@code source} names it in errors. */
    public static TokenStore parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+", 3);
            String where = source + " line " + (i + 1);
            if (f.length < 2) {
                throw new IllegalArgumentException(where + ": expected 'TOKEN ROLES [NAME]'");
            }
            if (f[0].length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException(where + ": the token is shorter than " + MIN_TOKEN_LENGTH + " characters");
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String r : f[1].split(",")) {
                try {
                    roles.add(Role.parse(r));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage());
                }
            }
            String name = f.length > 2 ? f[2].strip() : "token-" + (entries.size() + 1);
            entries.add(new Entry(digest(f[0]), new Principal(name, roles)));
        }
        return new TokenStore(entries);
    }

    /** The principal of {@code token}, or empty when it is not a valid token. */
    public Optional<Principal> find(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] d = digest(token);
        Principal found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(d, e.digest()) && found == null) {
                found = e.principal();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Number of tokens. */
    public int size() {
        return entries.size();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
