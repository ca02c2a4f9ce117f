package io.cdpipelines.model;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The limits every input is held to before it is parsed or stored: sizes (a file is read only up to its limit, so
 * {@code /dev/zero} is refused rather than read), and the nesting and aliases of YAML, so that neither a deep document
 * nor an alias bomb reaches a parser. A YAML syntax error is reported as one line with its line and column.
 */
public final class InputLimits {
    /** The organization's configuration file. */
    public static final int CONFIGURATION_BYTES = 2 * 1024 * 1024;
    /** A release's manifests (Kubernetes keeps each object under 1.5 MiB; a component holds a few). */
    public static final int MANIFESTS_BYTES = 2 * 1024 * 1024;
    /** All files mounted into a deployment: Kubernetes keeps them in one ConfigMap, which holds 1 MiB. */
    public static final int MOUNTED_FILES_BYTES = 1024 * 1024;
    /** All variables of a deployment: one ConfigMap too. */
    public static final int VARIABLES_BYTES = 1024 * 1024;
    /** One variable's value: it becomes an environment variable, which Linux keeps under 128 KiB. */
    public static final int VALUE_BYTES = 32 * 1024;
    /** A digest file written by a build ({@code docker build --iidfile}, buildx's metadata file). */
    public static final int DIGEST_FILE_BYTES = 1024 * 1024;
    /** A secret's value read from a file: a Kubernetes Secret holds 1 MiB. */
    public static final int SECRET_BYTES = 1024 * 1024;
    /** How deep YAML may nest: manifests nest about 15 levels, the configuration about 8. */
    public static final int YAML_NESTING = 64;
    /** How many aliases of collections a YAML document may use (SnakeYAML's default): no alias bomb. */
    public static final int YAML_ALIASES = 50;

    private InputLimits() {
    }

    /** A text file, read only up to {@code maxBytes}: a larger one (or an endless device) is refused, not read. */
    public static String readText(String field, Path file, int maxBytes) {
        return utf8(field, file.toString(), readBytes(field, file, maxBytes));
    }

    /**
     * {@code bytes} (what {@code name} holds) as UTF-8 text; another encoding (Latin-1, UTF-16) is refused with where
     * it goes wrong, rather than read as replacement characters that would end up in a deployment.
     */
    public static String utf8(String field, String name, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            long line = 1;
            for (int i = 0; i < offset; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new InvalidInputException(field, name + " is not UTF-8 text (byte " + offset + ", line " + line
                    + ", is 0x" + String.format("%02x", bytes[offset] & 0xff) + "): save it as UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** A file's bytes, read only up to {@code maxBytes}. */
    public static byte[] readBytes(String field, Path file, int maxBytes) {
        try (InputStream in = Files.newInputStream(file)) {
            return readBytes(field, file.toString(), in, maxBytes);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(field, "no file " + file);
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** What {@code in} (named {@code name} in the message) holds, read only up to {@code maxBytes}. */
    public static byte[] readBytes(String field, String name, InputStream in, int maxBytes) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new InvalidInputException(field, name + " is larger than " + size(maxBytes) + ", the limit for "
                    + field + ": " + advice(field));
        }
        return bytes;
    }

    /** Refuses {@code text} (named {@code what} in the message) when its UTF-8 form is over {@code maxBytes}. */
    public static void requireSize(String field, String what, String text, int maxBytes) {
        int bytes = utf8Length(text, maxBytes);
        if (bytes > maxBytes) {
            throw new InvalidInputException(field, what + " is larger than " + size(maxBytes) + ", the limit: "
                    + advice(field));
        }
    }

    /**
     * Checks YAML before it is parsed: its size, then its structure (every document composed, nothing constructed)
     * against the nesting and alias limits. A syntax error is one line: where, and what.
     */
    public static void checkYaml(String field, String what, String yaml, int maxBytes) {
        requireSize(field, what, yaml, maxBytes);
        LoaderOptions options = new LoaderOptions();
        options.setNestingDepthLimit(YAML_NESTING);
        options.setMaxAliasesForCollections(YAML_ALIASES);
        options.setCodePointLimit(maxBytes);
        try {
            for (Node ignored : new Yaml(new SafeConstructor(options)).composeAll(new StringReader(yaml))) {
                // composing each document is the check
            }
        } catch (MarkedYAMLException e) {
            throw new InvalidInputException(field, "invalid YAML in " + what + at(e.getProblemMark()) + ": "
                    + oneLine(e.getProblem()));
        } catch (YAMLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Nesting Depth")) {
                throw new InvalidInputException(field, "nesting deeper than " + YAML_NESTING + " levels in " + what
                        + ", the limit: flatten it");
            }
            if (message.contains("aliases")) {
                throw new InvalidInputException(field, "more than " + YAML_ALIASES + " aliases of lists or maps in "
                        + what + ", the limit: write the values out");
            }
            throw new InvalidInputException(field, "invalid YAML in " + what + ": " + oneLine(message));
        } catch (StackOverflowError e) { // the limits above stop nesting long before; kept as a last guard
            throw new InvalidInputException(field, what + " is nested too deep to be read: flatten it");
        }
    }

    /** One line of a parser's message: the first, trimmed. */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String first = message.strip();
        int end = first.indexOf('\n');
        return end < 0 ? first : first.substring(0, end).strip();
    }

    private static String at(Mark mark) {
        return mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** UTF-8 length of {@code text} where it may exceed {@code limit} (counted no further than just past it). */
    private static int utf8Length(String text, int limit) {
        if (text == null) {
            return 0;
        }
        if ((long) text.length() * 3 <= limit) {
            return text.length();
        }
        int bytes = 0;
        for (int i = 0; i < text.length() && bytes <= limit; i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static String advice(String field) {
        return switch (field) {
            case "files" -> "mount large files from a volume or bake them into the image";
            case "variables" -> "keep large values in a mounted file";
            case "manifests" -> "record only the component's own namespaced objects";
            default -> "give a smaller one";
        };
    }

    static String size(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : String.format(Locale.ROOT, "%d bytes", bytes);
    }
}
