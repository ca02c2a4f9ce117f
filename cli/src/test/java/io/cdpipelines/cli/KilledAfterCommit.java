package io.cdpipelines.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A {@code cdp} process that stops dead right after its deployment's GitOps commit, before the ledger records the
 * outcome: it says "committed" on standard output and waits to be killed.
 */
public final class KilledAfterCommit {

    private KilledAfterCommit() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new StringWriter()) {
            @Override
            public void write(String text, int offset, int length) {
                if (text.substring(offset, offset + length).contains(": committed ")) {
                    System.out.println("committed");
                    System.out.flush();
                    try {
                        Thread.sleep(120_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Runtime.getRuntime().halt(9); // never record: as if killed
                }
            }
        };
        Cdp.run(out, new PrintWriter(System.err, true), args);
    }
}
