package io.cdpipelines.model;

/** One thing wrong with an input, located by its path ({@code pipelines[1].paths[0].to[1]}). */
public record Problem(String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
