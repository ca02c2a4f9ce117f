package io.cdpipelines.model;

import java.util.List;
import java.util.stream.Collectors;

/** Bad input: every problem found, each with its path, reported at once. */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String path, String message) {
        this(List.of(new Problem(path, message)));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        return problems.size() + " problems:" + problems.stream()
                .map(p -> "\n  " + p).collect(Collectors.joining());
    }
}
