package io.cdpipelines.cli;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real {@code cdp console} process (from the packaged jar) and Debian's Chromium driven by Playwright's Java client,
 * which downloads no browser: what the deploy view's end-to-end tests stand on. The page opens the console's printed
 * address, signed in as the user who started it.
 */
final class ConsoleInBrowser implements AutoCloseable {
    final Process console;
    /** The address the console printed, with its token. */
    final String url;
    /** The console's origin, {@code http://127.0.0.1:PORT}. */
    final String base;
    final Playwright playwright;
    final Browser browser;
    final Page page;

    private ConsoleInBrowser(Process console, String url, Playwright playwright, Browser browser) {
        this.console = console;
        this.url = url;
        this.base = url.substring(0, url.indexOf("/?token="));
        this.playwright = playwright;
        this.browser = browser;
        this.page = newPage(url);
    }

    /** Starts {@code cdp console} with the global options {@code global}, {@code environment} and {@code extra}. */
    static ConsoleInBrowser start(Path work, List<String> global, Map<String, String> environment, String... extra)
            throws Exception {
        Path chromium = Path.of(System.getProperty("cdp.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            throw new AssertionError("the browser tests drive Debian's Chromium at " + chromium
                    + ": apt-get install chromium (.ci/run does), or give -Dcdp.chromium=PATH");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", CdpProcess.jar().toAbsolutePath().toString(), "console", "--port", "0"));
        command.addAll(List.of(extra));
        command.addAll(global);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process console = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(console.getInputStream(),
                StandardCharsets.UTF_8));
        String url = null;
        for (String line = out.readLine(); line != null && url == null; line = out.readLine()) {
            url = line.contains("http://") ? line.substring(line.indexOf("http://")) : null;
        }
        if (url == null) {
            throw new AssertionError("cdp console printed no address (exit " + console.waitFor() + ")");
        }
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }), "console-output");
        drain.setDaemon(true);
        drain.start();
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium)
                .setHeadless(true).setArgs(List.of("--no-sandbox")));
        return new ConsoleInBrowser(console, url, playwright, browser);
    }

    /** A page of a browser context of its own (another user's), at 1280×800, opened at {@code address}. */
    Page newPage(String address) {
        Page opened = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)).newPage();
        opened.navigate(address);
        return opened;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
        console.destroy();
    }
}
