package io.cdpipelines.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code cdp} in the test's JVM, as the command line would, keeping what it printed: fast, for many runs. */
final class InProcessCdp {

    /** What one run printed and how it exited. */
    record Result(int code, String out, String err) {
    }

    private InProcessCdp() {
    }

    /** {@code cdp} with {@code first} (global options, say) and then {@code args}. */
    static Result run(List<String> first, String... args) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cdp.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }
}
