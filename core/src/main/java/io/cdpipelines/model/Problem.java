package io.cdpipelines.model;

/**
 * One thing wrong with an input, located by its path ({@code pipelines[1].paths[0].to[1]}). Control characters of the
 * input it quotes are shown escaped ({@code \n}), so a problem is always one line that no input can break or forge.
 */
public record Problem(String path, String message) {

    public Problem {
        path = Names.escapeControls(path);
        message = Names.escapeControls(message);
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
