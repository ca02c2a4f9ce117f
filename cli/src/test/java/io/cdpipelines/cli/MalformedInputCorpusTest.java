package io.cdpipelines.cli;

import io.cdpipelines.ledger.SqliteLedger;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More than 200 malformed configurations and command lines, from a seeded generator over a valid organization with
 * a release and a deployment: every one exits 2 with one line on stderr that names what is wrong (and, for a command
 * line, the help to read), no stack trace, and nothing written to the ledger, the data directory or the data plane.
 */
class MalformedInputCorpusTest {
    private static final long SEED = 20261202L;
    private static final String DIGEST = "sha256:" + "4f3c2b1a".repeat(8);
    private static final String IMAGE = "registry.example.com/shop/cart";

    @TempDir
    static Path work;
    static Path data;
    static Path repository;
    static Path config;
    static String valid;

    /** What a command line in the corpus adds to {@code cdp}: the case's name, and its arguments. */
    record Case(String name, List<String> args) {
    }

    @BeforeAll
    static void organizationWithAReleaseAndADeployment() throws Exception {
        data = work.resolve("data");
        repository = work.resolve("fleet");
        Git.init().setDirectory(repository.toFile()).setInitialBranch("main").call().close();
        valid = """
                dataPlanes:
                  - gitops: {name: fleet, repository: "%s"}
                environments:
                  - name: dev
                    dataPlane: fleet
                    configuration:
                      variables: [{name: LOG_LEVEL, value: info}]
                      files: [{path: /etc/app/app.conf, content: "a=1"}]
                      secrets: [{name: DB_PASSWORD, credentialsId: db-password}]
                  - name: staging
                    dataPlane: fleet
                  - name: production
                    dataPlane: fleet
                    production: true
                    protection: {approvalRequired: true, approvers: [erin], minimumSoak: 1h}
                pipelines:
                  - {name: standard, environments: [dev, staging, production]}
                defaultPipeline: standard
                projects:
                  - {path: shop, pipelines: [standard]}
                """.formatted(repository);
        config = Files.writeString(work.resolve("organization.yaml"), valid);
        assertThat(cdp("validate").code()).isZero();
        assertThat(cdp("release", "record", "--project", "shop", "--component", "cart", "--revision", "r1",
                "--image", IMAGE + "@" + DIGEST).code()).isZero();
        InProcessCdp.Result promoted = cdp("promote", "--project", "shop", "--component", "cart", "--to", "dev", "--revision", "r1");
        assertThat(promoted.code()).as(promoted.err()).isZero();
    }

    private static InProcessCdp.Result run(List<String> args) {
        return InProcessCdp.run(args);
    }

    private static InProcessCdp.Result cdp(String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--data-dir", data.toString()));
        all.addAll(List.of(args));
        return run(all);
    }

    @Test
    void everyMalformedInputIsRefusedWithOneLineAndNothingWritten() throws Exception {
        List<Case> cases = new ArrayList<>();
        int file = 0;
        for (Map.Entry<String, String> broken : malformedConfigurations().entrySet()) {
            Path yaml = Files.writeString(work.resolve("broken-" + file++ + ".yaml"), broken.getValue());
            cases.add(new Case("config " + broken.getKey(), List.of("--config", yaml.toString(), "--data-dir",
                    data.toString(), "validate")));
            cases.add(new Case("config " + broken.getKey() + " (status)", List.of("--config", yaml.toString(),
                    "--data-dir", data.toString(), "status")));
        }
        // bytes that are not UTF-8 (Latin-1's é), which a string written as UTF-8 cannot hold
        Path latin1 = Files.write(work.resolve("latin-1.yaml"), valid.replace("value: info", "value: \"caf\u00e9\"")
                .getBytes(StandardCharsets.ISO_8859_1));
        cases.add(new Case("config in Latin-1", List.of("--config", latin1.toString(), "--data-dir", data.toString(),
                "validate")));
        // an empty --data-dir would be the current directory: the corpus's own --data-dir is not given here
        cases.add(new Case("empty --data-dir", List.of("--config", config.toString(), "--data-dir", "", "release",
                "record", "--project", "shop", "--component", "cart", "--revision", "r9", "--image",
                IMAGE + "@" + DIGEST)));
        for (Case line : malformedCommandLines()) {
            List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--data-dir", data.toString()));
            args.addAll(line.args());
            cases.add(new Case(line.name(), args));
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);

        String before = state();
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            InProcessCdp.Result result = run(c.args());
            List<String> lines = result.err().lines().toList();
            // one line; or one line per problem, each with its path, where a configuration has several
            boolean oneLine = !lines.isEmpty() && (lines.size() == 1 || lines.size() == 2 && lines.get(1).startsWith("Try '")
                    || lines.get(0).equals("cdp: " + (lines.size() - 1) + " problems:")
                    && lines.stream().skip(1).allMatch(line -> line.matches("  \\S+: .{10,}")));
            if (result.code() != ExitCodes.BAD_INPUT || !oneLine || !lines.get(0).startsWith("cdp: ")
                    || result.err().contains("Exception") || result.err().contains("\tat ")
                    || result.err().strip().length() < 20) {
                wrong.add(c.name() + " -> exit " + result.code() + ": " + result.err().strip());
            }
            String after = state();
            if (!after.equals(before)) {
                wrong.add(c.name() + " wrote: " + after);
                before = after;
            }
        }
        assertThat(wrong).as("cases refused wrongly, of " + cases.size()).isEmpty();
    }

    /** The ledger's records, the GitOps repository's commits and the data directory's files. */
    private static String state() throws Exception {
        StringBuilder state = new StringBuilder();
        try (Connection ledger = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteLedger.FILE_NAME));
             Statement query = ledger.createStatement()) {
            for (String table : List.of("releases", "deployments", "current", "claims", "approvals")) {
                try (ResultSet rows = query.executeQuery("SELECT count(*) FROM " + table)) {
                    rows.next();
                    state.append(table).append('=').append(rows.getLong(1)).append(' ');
                }
            }
        }
        try (Git git = Git.open(repository.toFile())) {
            int commits = 0;
            for (var ignored : git.log().call()) {
                commits++;
            }
            state.append("commits=").append(commits).append(' ')
                    .append("head=").append(git.getRepository().resolve("HEAD").name()).append(' ');
        }
        try (Stream<Path> files = Files.walk(data)) {
            state.append(files.filter(Files::isRegularFile).map(data::relativize).map(Path::toString)
                    .filter(name -> !name.startsWith(SqliteLedger.FILE_NAME) && !name.startsWith("clones"))
                    .sorted().collect(Collectors.joining(",")));
        }
        return state.toString();
    }

    /** Broken variants of the valid organization: the key is what is wrong. */
    private Map<String, String> malformedConfigurations() {
        Random random = new Random(SEED);
        Map<String, String> broken = new LinkedHashMap<>();
        List<String> badNames = List.of("Dev", "dev_1", "-dev", "dev-", "d".repeat(70), "../dev", "dev env", "dév",
                "dev.1", "DEV");
        for (String name : badNames) {
            broken.put("environment name " + name, valid.replace("  - name: staging\n", "  - name: \"" + name + "\"\n"));
            broken.put("data plane name " + name, valid.replace("{name: fleet,", "{name: \"" + name + "\","));
            broken.put("pipeline name " + name, valid.replace("{name: standard,", "{name: \"" + name + "\","));
        }
        for (String path : List.of("../../victim", "/shop", "shop/", "shop//x", "shop/./x", "shop/../x", "a\\\\b",
                "shop\\tx", "", "shop/..")) {
            broken.put("project path " + path, valid.replace("{path: shop,", "{path: \"" + path + "\","));
        }
        broken.put("duplicate approvalRequired", valid.replace("protection: {approvalRequired: true,",
                "protection: {approvalRequired: true, approvalRequired: false,"));
        broken.put("duplicate environment key", valid.replace("  - name: staging\n    dataPlane: fleet\n",
                "  - name: staging\n    dataPlane: fleet\n    dataPlane: fleet\n"));
        broken.put("duplicate variable", valid.replace("[{name: LOG_LEVEL, value: info}]",
                "[{name: LOG_LEVEL, value: info}, {name: LOG_LEVEL, value: debug}]"));
        broken.put("duplicate file", valid.replace("[{path: /etc/app/app.conf, content: \"a=1\"}]",
                "[{path: /etc/app/app.conf, content: \"a=1\"}, {path: /etc/app/app.conf, content: \"a=2\"}]"));
        broken.put("duplicate environment", valid.replace("  - name: staging\n", "  - name: dev\n"));
        for (String key : List.of("colour", "approvalrequired", "dataplane", "name ", "enviroments")) {
            broken.put("unknown key " + key + " in an environment",
                    valid.replace("    production: true\n", "    production: true\n    " + key.strip() + ": x\n"));
        }
        broken.put("unknown top key", valid + "pipelinez: []\n");
        broken.put("unknown key in protection", valid.replace("minimumSoak: 1h}", "minimumSoak: 1h, gate: off}"));
        broken.put("unknown key in a data plane", valid.replace("{name: fleet,", "{name: fleet, branchh: x,"));
        for (String repository : List.of("fleet", "../fleet", "ftp://git.example.com/fleet", "https://", "a b", "https://git.example.com/a b.git",
                "http://git.example.com/fleet.git\", credentialsId: \"git-token")) {
            broken.put("repository " + repository, valid.replace("repository: \"" + repository(), "repository: \""
                    + repository + "\"}\n  - gitops: {name: spare, repository: \"" + repository()));
        }
        for (String branch : List.of("../main", "main..x", "-main", "main.lock", "ma in", "main/")) {
            broken.put("branch " + branch, valid.replace("{name: fleet,", "{name: fleet, branch: \"" + branch + "\","));
        }
        for (String prefix : List.of("../../outside", "a/../b", "./x", "clusters\\\\x")) {
            broken.put("pathPrefix " + prefix, valid.replace("{name: fleet,", "{name: fleet, pathPrefix: \"" + prefix
                    + "\","));
        }
        broken.put("unknown data plane kind", valid.replace("  - gitops: {", "  - helm: {"));
        broken.put("environments not a list", valid.replace("environments:\n  - name: dev", "environments: dev\nx:\n  - name: dev"));
        broken.put("protection not a map", valid.replace("protection: {approvalRequired: true, approvers: [erin], "
                + "minimumSoak: 1h}", "protection: true"));
        broken.put("variables a map", valid.replace("variables: [{name: LOG_LEVEL, value: info}]",
                "variables: {LOG_LEVEL: info}"));
        broken.put("production not a boolean", valid.replace("production: true", "production: maybe"));
        broken.put("minimumSoak not a duration", valid.replace("minimumSoak: 1h", "minimumSoak: an hour"));
        broken.put("negative minimumSoak", valid.replace("minimumSoak: 1h", "minimumSoak: -5m"));
        broken.put("no dataPlane", valid.replace("  - name: staging\n    dataPlane: fleet\n", "  - name: staging\n"));
        broken.put("no environment name", valid.replace("  - name: staging\n    dataPlane: fleet\n",
                "  - dataPlane: fleet\n"));
        broken.put("no repository", valid.replace("{name: fleet, repository: \"" + repository + "\"}",
                "{name: fleet}"));
        broken.put("unknown data plane", valid.replace("  - name: staging\n    dataPlane: fleet\n",
                "  - name: staging\n    dataPlane: nowhere\n"));
        broken.put("pipeline names unknown environment", valid.replace("environments: [dev, staging, production]",
                "environments: [dev, qa, production]"));
        broken.put("unknown default pipeline", valid.replace("defaultPipeline: standard", "defaultPipeline: nightly"));
        broken.put("project attaches unknown pipeline", valid.replace("pipelines: [standard]}", "pipelines: [nightly]}"));
        broken.put("pipeline with a cycle", valid.replace("{name: standard, environments: [dev, staging, production]}",
                "{name: standard, paths: [{from: dev, to: [staging]}, {from: staging, to: [dev]}]}"));
        broken.put("second document", valid + "---\ndefaultPipeline: standard\n");
        broken.put("empty file", "");
        broken.put("only comments", "# nothing here\n");
        broken.put("null document", "null\n");
        broken.put("a list at the top", "- dev\n- staging\n");
        broken.put("unclosed bracket", valid.replace("[erin]", "[erin"));
        broken.put("bad indentation", valid.replace("    dataPlane: fleet\n    production", "   dataPlane: fleet\n    production"));
        broken.put("tab indentation", valid.replace("  - name: staging\n    dataPlane", "  - name: staging\n\tdataPlane"));
        broken.put("deep nesting", valid + "x: " + "[".repeat(500) + "]".repeat(500) + "\n");
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'h'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + (char) (c - 1) + ", ").repeat(8))
                    .append('*').append((char) (c - 1)).append("]\n");
        }
        broken.put("alias bomb", bomb.toString());
        broken.put("huge file", valid + ("# " + "x".repeat(98) + "\n").repeat(22_000));
        broken.put("huge mounted file", valid.replace("content: \"a=1\"", "content: \"" + "a".repeat(1_100_000) + "\""));
        broken.put("huge variable", valid.replace("value: info", "value: \"" + "i".repeat(40_000) + "\""));
        for (String variable : List.of("1X", "A-B", "A B", "", "LOG.LEVEL")) {
            broken.put("variable name " + variable, valid.replace("{name: LOG_LEVEL,", "{name: \"" + variable + "\","));
        }
        broken.put("empty approver", valid.replace("approvers: [erin]", "approvers: [erin, \"\"]"));
        broken.put("blank approver", valid.replace("approvers: [erin]", "approvers: [\"  \"]"));
        for (String path : List.of("/etc/app/..", "/..", "/etc/./app.conf", "/etc//app.conf", "/etc/app\\u0001.conf",
                "/etc/app\\n.conf")) {
            broken.put("file path " + path, valid.replace("path: /etc/app/app.conf", "path: \"" + path + "\""));
        }
        for (String id : List.of("../db-password", "secrets/db-password", "db..password", "db password", "/etc/passwd")) {
            broken.put("secret credentialsId " + id, valid.replace("credentialsId: db-password",
                    "credentialsId: \"" + id + "\""));
        }
        broken.put("relative file path", valid.replace("path: /etc/app/app.conf", "path: etc/app/app.conf"));
        broken.put("secret with a value", valid.replace("{name: DB_PASSWORD, credentialsId: db-password}",
                "{name: DB_PASSWORD, value: hunter2}"));
        broken.put("secret named like a variable", valid.replace("{name: DB_PASSWORD,", "{name: LOG_LEVEL,"));
        broken.put("secret without credentialsId", valid.replace("{name: DB_PASSWORD, credentialsId: db-password}",
                "{name: DB_PASSWORD}"));
        broken.put("kubernetes over plain http", valid.replace("  - gitops: {name: fleet, repository: \"" + repository
                + "\"}", "  - gitops: {name: fleet, repository: \"" + repository + "\"}\n"
                + "  - kubernetes: {name: eu, serverUrl: \"http://eu.example.com\", credentialsId: t}"));
        broken.put("kubernetes without url", valid.replace("  - gitops: {name: fleet, repository: \"" + repository
                + "\"}", "  - gitops: {name: fleet, repository: \"" + repository + "\"}\n"
                + "  - kubernetes: {name: eu, credentialsId: t}"));
        broken.put("kubernetes url not a url", valid.replace("  - gitops: {name: fleet, repository: \"" + repository
                + "\"}", "  - gitops: {name: fleet, repository: \"" + repository + "\"}\n"
                + "  - kubernetes: {name: eu, serverUrl: \"eu cluster\", credentialsId: t}"));
        // seeded: a random line of the valid file dropped, or a random character replaced by a YAML indicator
        List<String> lines = valid.lines().toList();
        for (int i = 0; broken.size() < 140 && i < 200; i++) {
            int line = random.nextInt(lines.size());
            List<String> changed = new ArrayList<>(lines);
            String original = changed.get(line);
            if (original.isBlank()) {
                continue;
            }
            int column = random.nextInt(original.length());
            char indicator = "[]{}:,&*!|>%@`".charAt(random.nextInt(14));
            changed.set(line, original.substring(0, column) + indicator + original.substring(column));
            String text = String.join("\n", changed) + "\n";
            if (isValid(text)) {
                continue; // some insertions keep the file valid: not malformed, not a case
            }
            broken.put("seeded " + indicator + " at " + (line + 1) + ":" + (column + 1), text);
        }
        return broken;
    }

    private static String repository() {
        return repository.toString();
    }

    private static boolean isValid(String yaml) {
        try {
            Path probe = Files.writeString(work.resolve("probe.yaml"), yaml);
            return run(List.of("--config", probe.toString(), "--data-dir", data.toString(), "validate")).code() == 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Case> malformedCommandLines() throws IOException {
        List<Case> cases = new ArrayList<>();
        List<String> promote = List.of("promote", "--component", "cart", "--to", "staging", "--digest", DIGEST);
        for (String project : List.of("../../victim", "/shop", "shop/", "shop//x", "shop/./x/..", "Bad Name!", "",
                "shop\nx", "a\\b", "x".repeat(300))) {
            cases.add(new Case("promote --project " + project, concat(promote, "--project", project)));
        }
        List<String> promoteShop = List.of("promote", "--project", "shop", "--to", "staging", "--digest", DIGEST);
        // a component is a job's name: Bad_Name and long names are valid, these are not
        for (String component : List.of("../cart", "", "cart/x", "-cart", "cart app", "cart\n", "_cart")) {
            cases.add(new Case("promote --component " + component, concat(promoteShop, "--component", component)));
        }
        List<String> cart = List.of("promote", "--project", "shop", "--component", "cart", "--digest", DIGEST);
        for (String environment : List.of("qa", "Staging", "../dev", "", "staging prod")) {
            cases.add(new Case("promote --to " + environment, concat(cart, "--to", environment)));
        }
        List<String> toStaging = List.of("promote", "--project", "shop", "--component", "cart", "--to", "staging");
        for (String digest : List.of("sha256:123", "sha256:" + "g".repeat(64), "md5:" + "a".repeat(32), "latest",
                DIGEST + "x", "SHA256:" + "4f3c2b1a".repeat(8))) {
            cases.add(new Case("promote --digest " + digest, concat(toStaging, "--digest", digest)));
        }
        List<String> toDev = List.of("promote", "--project", "shop", "--component", "cart", "--to", "dev",
                "--revision", "r1");
        for (String set : List.of("1X=a", "A", "=a", "DB_PASSWORD=x", "A B=c", "A-B=c", "A\nB=c")) {
            cases.add(new Case("promote --set " + set, concat(toDev, "--set", set)));
        }
        for (String by : List.of("dana\nApproved-by: erin", "dana\tx", "dana\u001b[31m", "", "x".repeat(2000))) {
            cases.add(new Case("promote --by " + by, concat(toDev, "--by", by)));
        }
        for (String approved : List.of("erin\nx", "", ":release-managers", "erin:", "erin:a,,b")) {
            cases.add(new Case("promote --approved-by " + approved, concat(toDev, "--approved-by", approved)));
        }
        cases.add(new Case("promote --pipeline unknown", concat(toDev, "--pipeline", "nightly")));
        cases.add(new Case("promote --from unknown", concat(toDev, "--from", "qa")));
        for (String option : List.of("--too", "--projekt", "--digets", "--revison", "--sett")) {
            cases.add(new Case("misspelt " + option, List.of("promote", "--project", "shop", "--component", "cart",
                    option, "x")));
        }
        cases.add(new Case("promote without --to", List.of("promote", "--project", "shop", "--component", "cart")));
        cases.add(new Case("promote without --project", List.of("promote", "--component", "cart", "--to", "dev")));
        cases.add(new Case("promote --revision with a newline", List.of("promote", "--project", "shop", "--component",
                "cart", "--to", "dev", "--revision", "r1\nApproved-by: erin")));
        cases.add(new Case("unknown command", List.of("deploy", "--to", "dev")));
        List<String> record = List.of("release", "record", "--project", "shop", "--component", "cart");
        for (String revision : List.of("r\nx", "", "r\u0000x", "v1\rv2")) {
            cases.add(new Case("record --revision " + revision, concat(record, "--revision", revision, "--image",
                    IMAGE + "@" + DIGEST)));
        }
        for (String component : List.of("Cart", "cart_service", "-cart", "cart.v2", "c".repeat(64))) {
            cases.add(new Case("record --component " + component, List.of("release", "record", "--project", "shop",
                    "--component", component, "--revision", "r9", "--image", IMAGE + "@" + DIGEST)));
        }
        for (String repository : List.of("reg.example/$(id)/cart", "reg.example/\"q\"/cart", "reg.example/#/cart",
                "reg.example/c\u00e4rt", "reg.example/shop/cart/", "reg.example//cart", "reg.example/-cart",
                "reg.example/shop/cart;rm")) {
            cases.add(new Case("record --image " + repository, concat(record, "--revision", "r9", "--image",
                    repository + "@" + DIGEST)));
        }
        cases.add(new Case("promote --to twice", List.of("promote", "--project", "shop", "--component", "cart",
                "--to", "dev", "--to", "dev")));
        for (String image : List.of(IMAGE + ":latest", IMAGE, "not an image", IMAGE + "@sha256:12", "")) {
            cases.add(new Case("record --image " + image, concat(record, "--revision", "r9", "--image", image)));
        }
        cases.add(new Case("record --digest-file /dev/zero", concat(record, "--revision", "r9", "--image", IMAGE,
                "--digest-file", "/dev/zero")));
        cases.add(new Case("record --digest-file missing", concat(record, "--revision", "r9", "--image", IMAGE,
                "--digest-file", work.resolve("none.json").toString())));
        Path noDigest = Files.writeString(work.resolve("no-digest.json"), "{\"containerimage.config.digest\": 1}");
        cases.add(new Case("record --digest-file without a digest", concat(record, "--revision", "r9", "--image",
                IMAGE, "--digest-file", noDigest.toString())));
        Map<String, String> manifests = new LinkedHashMap<>();
        manifests.put("cluster-scoped", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
        manifests.put("another image", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart}\nspec:\n"
                + "  template:\n    spec: {containers: [{name: cart, image: nginx}]}\n");
        manifests.put("kind escaping", "apiVersion: v1\nkind: ../../x\nmetadata: {name: x}\n");
        manifests.put("no name", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n");
        manifests.put("invalid yaml", "kind: [\n");
        manifests.put("deep", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: " + "[".repeat(1000) + "\n");
        manifests.put("not objects", "just text\n");
        int m = 0;
        for (Map.Entry<String, String> manifest : manifests.entrySet()) {
            Path path = Files.writeString(work.resolve("manifests-" + m++ + ".yaml"), manifest.getValue());
            cases.add(new Case("record --manifests " + manifest.getKey(), concat(record, "--revision", "r9", "--image",
                    IMAGE + "@" + DIGEST, "--manifests", path.toString())));
        }
        cases.add(new Case("record --manifests /dev/zero", concat(record, "--revision", "r9", "--image",
                IMAGE + "@" + DIGEST, "--manifests", "/dev/zero")));
        cases.add(new Case("record --port 0", concat(record, "--revision", "r9", "--image", IMAGE + "@" + DIGEST,
                "--port", "0")));
        cases.add(new Case("record --port 70000", concat(record, "--revision", "r9", "--image", IMAGE + "@" + DIGEST,
                "--port", "70000")));
        cases.add(new Case("record --replicas -1", concat(record, "--revision", "r9", "--image", IMAGE + "@" + DIGEST,
                "--replicas", "-1")));
        for (String limit : List.of("0", "-1", "abc")) {
            cases.add(new Case("history --limit " + limit, List.of("history", "--environment", "dev", "--limit",
                    limit)));
        }
        cases.add(new Case("history without a subject", List.of("history")));
        cases.add(new Case("history --environment unknown", List.of("history", "--environment", "qa")));
        cases.add(new Case("history --component alone", List.of("history", "--component", "cart")));
        cases.add(new Case("drift --environment unknown", List.of("drift", "--environment", "nowhere")));
        List<String> rollback = List.of("rollback", "--project", "shop", "--component", "cart", "--environment", "dev");
        for (String to : List.of("0", "-1", "abc")) {
            cases.add(new Case("rollback --to " + to, concat(rollback, "--to", to)));
        }
        cases.add(new Case("rollback --environment unknown", List.of("rollback", "--project", "shop", "--component",
                "cart", "--environment", "qa")));
        cases.add(new Case("--lock-timeout abc", List.of("--lock-timeout", "abc", "status")));
        cases.add(new Case("--lock-timeout -1s", List.of("--lock-timeout", "-1s", "status")));
        cases.add(new Case("--output xml", List.of("--output", "xml", "status")));
        cases.add(new Case("preview --to unknown", List.of("preview", "--project", "shop", "--component", "cart",
                "--to", "qa")));
        cases.add(new Case("release list --limit 0", List.of("release", "list", "--project", "shop", "--component",
                "cart", "--limit", "0")));
        return cases;
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
