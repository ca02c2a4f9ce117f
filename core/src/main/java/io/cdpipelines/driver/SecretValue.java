package io.cdpipelines.driver;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A secret's value, held only while a deployment needs it; it never prints itself. */
public final class SecretValue {
    private final byte[] bytes;

    private SecretValue(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public static SecretValue of(String value) {
        return new SecretValue(value.getBytes(StandardCharsets.UTF_8));
    }

    public static SecretValue of(byte[] value) {
        return new SecretValue(value);
    }

    /** The value, for the one place that hands it to the data plane. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretValue that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "****";
    }
}
