package io.cdpipelines.cli.console;

import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Names;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the console: tokens, kept only as their SHA-256, each standing for a user. At start the console makes
 * one random token for the person who started it (printed once, in the URL to open); a users file adds a token per
 * user of a console a team shares. A browser that opened the URL gets a session cookie instead of keeping the token.
 */
public final class ConsoleTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, ConsoleUser> byHash = new ConcurrentHashMap<>();
    private final Map<String, ConsoleUser> sessions = new ConcurrentHashMap<>();

    /** A new random token, URL-safe: 256 bits. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets {@code token} act as {@code user}. */
    public ConsoleTokens allow(String token, ConsoleUser user) {
        byHash.put(sha256(token), user);
        return this;
    }

    /**
     * Reads a users file: one user per line, {@code sha256:<hex of the token's SHA-256> <user> [<group>,...]};
     * blank lines and lines starting with {@code #} are skipped. A line that is not so is bad input naming the
     * file, the line and the form.
     */
    public ConsoleTokens allowFrom(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("--users", "the users file " + file + " cannot be read ("
                    + e.getMessage() + ")");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = file + " line " + (i + 1);
            if (parts.length < 2 || parts.length > 3 || !parts[0].matches("sha256:[0-9a-f]{64}")) {
                throw new InvalidInputException("--users", where + " is not 'sha256:<64 hex digits> USER "
                        + "[GROUP,...]': write each user's token as its SHA-256 (cdp console --hash-token)");
            }
            Names.require("--users", parts[1], Names.recordedTextProblem(parts[1]));
            LinkedHashSet<String> groups = new LinkedHashSet<>(parts.length == 3
                    ? Arrays.asList(parts[2].split(",")) : List.of());
            groups.removeIf(String::isBlank);
            byHash.put(parts[0].substring("sha256:".length()), new ConsoleUser(parts[1], groups));
        }
        return this;
    }

    /** The user {@code token} stands for, if any. */
    Optional<ConsoleUser> userOf(String token) {
        return token == null || token.isEmpty() ? Optional.empty() : Optional.ofNullable(byHash.get(sha256(token)));
    }

    /** A new session for {@code user}: the cookie's value. */
    String openSession(ConsoleUser user) {
        String session = newToken();
        sessions.put(sha256(session), user);
        return session;
    }

    Optional<ConsoleUser> sessionUser(String session) {
        return session == null || session.isEmpty() ? Optional.empty()
                : Optional.ofNullable(sessions.get(sha256(session)));
    }
}
