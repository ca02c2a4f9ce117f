package io.cdpipelines.view;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.util.Optional;

/**
 * The JSON every host answers with: the same mapping of the view's records in the console and in Jenkins, so that
 * one frontend reads both. Times are ISO-8601 text ({@code 2026-11-27T10:00:00Z}, durations {@code PT15M}); an
 * absent value is {@code null}.
 */
public final class ViewJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule().addSerializer(new OptionalSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private ViewJson() {
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the view could not be written as JSON", e);
        }
    }

    /** The ETag of an answer: the same body, the same tag, so that a page polling while nothing changes gets a 304. */
    public static String etag(String body) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "\"" + java.util.HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Optional as its value or null, without a module of its own. */
    @SuppressWarnings("rawtypes")
    private static final class OptionalSerializer extends StdSerializer<Optional> {
        OptionalSerializer() {
            super(Optional.class);
        }

        @Override
        public void serialize(Optional value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            if (value.isPresent()) {
                provider.defaultSerializeValue(value.get(), generator);
            } else {
                generator.writeNull();
            }
        }
    }
}
