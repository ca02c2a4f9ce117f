package io.cdpipelines.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 over the sorted entries of a map: the same content always hashes the same, whatever its order. */
public final class ContentHash {

    private ContentHash() {
    }

    /** {@code sha256:} and 64 hex digits. */
    public static String of(Map<String, ?> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(entries).forEach((key, value) -> {
                byte[] k = key.getBytes(StandardCharsets.UTF_8);
                byte[] v = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
                // lengths first, so that no two different maps give the same byte stream
                sha.update((k.length + ":" + v.length + ":").getBytes(StandardCharsets.US_ASCII));
                sha.update(k);
                sha.update(v);
            });
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The first {@code length} hex digits, for object names. */
    public static String shortOf(Map<String, ?> entries, int length) {
        return of(entries).substring("sha256:".length(), "sha256:".length() + length);
    }
}
