package io.cdpipelines.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code cdp.jar} as a separate process, as a user or a CI job would. */
final class CdpProcess {

    /** What one run printed and how it exited. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private CdpProcess() {
    }

    static Path jar() {
        return Path.of(System.getProperty("cdp.jar", "target/cdp.jar"));
    }

    static Result run(Path workingDirectory, Map<String, String> environment, String... args) throws Exception {
        return start(workingDirectory, environment, command(args));
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** A cdp process left running, for the test to stop. */
    record Running(Process process, CompletableFuture<String> out, CompletableFuture<String> err) {
        /** Sends SIGTERM (as Ctrl-C or a CI timeout would stop it) and waits for the process to end. */
        Result stop() throws Exception {
            process.toHandle().destroy(); // the handle signals only; Process.destroy would close the output too
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("cdp did not stop");
            }
            return new Result(process.exitValue(), out.get(), err.get());
        }
    }

    static Running launch(Path workingDirectory, Map<String, String> environment, String... args)
            throws IOException {
        return launch(workingDirectory, environment, command(args));
    }

    private static Running launch(Path workingDirectory, Map<String, String> environment, List<String> command)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().remove("CDP_DATA_DIR");
        builder.environment().remove("CDP_CONFIG");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        return new Running(process, CompletableFuture.supplyAsync(() -> read(process.getInputStream())),
                CompletableFuture.supplyAsync(() -> read(process.getErrorStream())));
    }

    static Result start(Path workingDirectory, Map<String, String> environment, List<String> command)
            throws IOException, InterruptedException, java.util.concurrent.ExecutionException {
        Running running = launch(workingDirectory, environment, command);
        if (!running.process().waitFor(3, TimeUnit.MINUTES)) {
            running.process().destroyForcibly();
            throw new AssertionError("cdp " + command + " did not finish");
        }
        return new Result(running.process().exitValue(), running.out().get(), running.err().get());
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
