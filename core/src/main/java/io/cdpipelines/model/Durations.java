package io.cdpipelines.model;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in configuration: {@code 30m}, {@code 1h}, {@code 2d}, {@code 1h30m} or ISO {@code PT1H}. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    private static final long[] UNITS = {86_400, 3_600, 60, 1};

    private Durations() {
    }

    /** The duration {@code text} names (blank or "0" is zero), or empty when it names none. */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isBlank() || text.trim().equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher matcher = SHORT.matcher(text.trim());
        if (matcher.matches()) {
            long seconds = 0;
            for (int group = 1; group <= 4; group++) {
                if (matcher.group(group) != null) {
                    seconds += Long.parseLong(matcher.group(group)) * UNITS[group - 1];
                }
            }
            return Optional.of(Duration.ofSeconds(seconds));
        }
        try {
            return Optional.of(Duration.parse(text.trim()));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The way to write a duration, for error messages. */
    public static String hint() {
        return "write 30m, 1h, 2d, 1h30m or PT1H";
    }
}
