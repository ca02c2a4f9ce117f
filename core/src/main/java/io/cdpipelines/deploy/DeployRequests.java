package io.cdpipelines.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The bodies of the deploy view's actions, the same in every host, read strictly: JSON objects of at most
 * {@link #MAX_BYTES}, no field that the action does not know, every field of its type. What fails is a
 * {@link DeployRequestException} (a 4xx) that names the field and the way out.
 */
public final class DeployRequests {
    public static final int MAX_BYTES = 16 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // "5" is no number
            .withCoercionConfig(LogicalType.Textual, config -> config // and 5 or true no name
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** {@code POST /api/v1/promote}: one target, or several (a fan-out). */
    public record Promote(String project, String component, List<String> to, String revision, String digest, String from,
                   String pipeline) {
    }

    /** {@code POST /api/v1/preview}: what promoting into one target would change. */
    public record Preview(String project, String component, String to, String revision, String digest, String from,
                   String pipeline) {
    }

    /** {@code POST /api/v1/approvals/request}: ask for the approval of a promotion into one protected target. */
    public record ApprovalRequest(String project, String component, String to, String revision, String pipeline) {
    }

    /** {@code POST /api/v1/approvals/approve}, {@code reject}, {@code withdraw}: decide request {@code id}. */
    public record ApprovalDecision(Long id) {
    }

    /** {@code POST /api/v1/rollback}: to the deployment before the current one, or to deployment {@code to}. */
    public record Rollback(String project, String component, String environment, Long to) {
    }

    private DeployRequests() {
    }

    /** Reads a body sent as {@code contentType}: only JSON is taken (415 otherwise). */
    public static <T extends Record> T read(String contentType, InputStream body, Class<T> type) throws IOException {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new DeployRequestException(415, "send the body as JSON, with Content-Type: application/json");
        }
        return read(body, type);
    }

    public static <T extends Record> T read(InputStream body, Class<T> type) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new DeployRequestException(413, "the body is larger than " + MAX_BYTES + " bytes: send only the fields of "
                    + "the action");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new DeployRequestException(400, "the body is empty: send a JSON object with " + fields(type));
        }
        if (!text.stripLeading().startsWith("{")) {
            throw new DeployRequestException(400, "the body is not a JSON object: send {\"field\": value, ...} with "
                    + fields(type));
        }
        try {
            return JSON.readValue(text, type);
        } catch (UnrecognizedPropertyException e) {
            throw new DeployRequestException(400, "unknown field '" + e.getPropertyName() + "': the fields are "
                    + fields(type));
        } catch (MismatchedInputException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Trailing token")) {
                throw new DeployRequestException(400, "the body holds more than one JSON value: send one JSON object with "
                        + fields(type));
            }
            String field = e.getPath().stream().map(reference -> reference.getFieldName() != null
                    ? reference.getFieldName() : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
            throw new DeployRequestException(400, (field.isEmpty() ? "the body" : "field '" + field + "'")
                    + " has the wrong type: the fields are " + fields(type));
        } catch (JsonProcessingException e) {
            throw new DeployRequestException(400, "the body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): send a JSON object with " + fields(type));
        }
    }

    /** {@code field} must be given: a 400 saying so otherwise. */
    public static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new DeployRequestException(400, "field '" + field + "' is missing or empty: give it");
        }
        return value;
    }

    private static String fields(Class<? extends Record> type) {
        return java.util.Arrays.stream(type.getRecordComponents()).map(c -> c.getName())
                .collect(Collectors.joining(", "));
    }
}
