package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.config.Environment;
import dev.guard.term.ScriptedTerminal;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Node;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.SeqNode;
import dev.guard.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The recipes under {@code docs/recipes/} are files a scheduler is given as they are: each must
 * parse as what it claims to be, hold what makes it safe (no overlap, the state kept, a non-root
 * image), and name only commands and flags guard has — checked against picocli's own model of
 * guard's command line, not against a list kept here.
 */
class RecipesTest {
    private static final Path DIR = Path.of("docs/recipes");

    @Test
    void everyRecipeIsThere() {
        for (String f : List.of(
                "README.md",
                "crontab",
                "guard-maintenance.service",
                "guard-maintenance.timer",
                "k8s-cronjob.yaml",
                "github-actions.yaml",
                "Dockerfile")) {
            assertThat(DIR.resolve(f)).isRegularFile();
        }
    }

    // --- crontab ---

    /** The lines cron runs: neither blank, nor a comment, nor an environment setting. */
    private static List<String> cronLines() throws Exception {
        return Files.readAllLines(DIR.resolve("crontab")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.matches("[A-Za-z_][A-Za-z0-9_]*\\s*=.*"))
                .toList();
    }

    private static final Pattern CRON_FIELD =
            Pattern.compile("(\\*|\\d+(-\\d+)?|[a-zA-Z]{3})(/\\d+)?(,(\\*|\\d+(-\\d+)?|[a-zA-Z]{3})(/\\d+)?)*");

    @Test
    void theCrontabLineHasFiveValidTimeFieldsAndACommandCronCannotMangle() throws Exception {
        List<String> lines = cronLines();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            String[] f = line.split("\\s+", 6);
            assertThat(f).as(line).hasSize(6);
            int[][] ranges = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
            for (int i = 0; i < 5; i++) {
                assertThat(f[i]).as("field %d of %s", i + 1, line).matches(CRON_FIELD);
                for (String part : f[i].split(",")) {
                    for (String n : part.replaceFirst("/\\d+$", "").split("[^0-9]+")) {
                        if (!n.isEmpty()) {
                            assertThat(Integer.parseInt(n)).as(line).isBetween(ranges[i][0], ranges[i][1]);
                        }
                    }
                }
            }
            // cron turns % into a line break: a command must not hold one.
            assertThat(f[5]).doesNotContain("%");
            assertThat(invocations(f[5])).as(line).isNotEmpty();
        }
        assertThat(String.join("\n", Files.readAllLines(DIR.resolve("crontab"))))
                .contains("--quiet")
                .contains("--log-format json");
    }

    // --- systemd ---

    /** An INI file as systemd reads it: section → key → values (a key may repeat). */
    static Map<String, Map<String, List<String>>> unit(Path file) throws Exception {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        int n = 0;
        for (String raw : Files.readAllLines(file)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            assertThat(raw).as("%s:%d has no continuation", file, n).doesNotEndWith("\\");
            if (line.startsWith("[")) {
                assertThat(line).as("%s:%d", file, n).matches("\\[[A-Za-z]+\\]");
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
                continue;
            }
            assertThat(current).as("%s:%d is inside a section", file, n).isNotNull();
            int eq = line.indexOf('=');
            assertThat(eq).as("%s:%d is KEY=VALUE", file, n).isPositive();
            String key = line.substring(0, eq).strip();
            assertThat(key).as("%s:%d", file, n).matches("[A-Z][A-Za-z]+");
            current.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return sections;
    }

    private static String one(Map<String, Map<String, List<String>>> unit, String section, String key) {
        assertThat(unit).containsKey(section);
        assertThat(unit.get(section)).as("[%s] %s", section, key).containsKey(key);
        List<String> values = unit.get(section).get(key);
        assertThat(values).as("[%s] %s once", section, key).hasSize(1);
        return values.get(0);
    }

    @Test
    void theServiceIsAOneshotWithAStateDirectoryAndALockTimeout() throws Exception {
        var service = unit(DIR.resolve("guard-maintenance.service"));
        assertThat(service.keySet()).containsExactly("Unit", "Service", "Install");
        assertThat(one(service, "Unit", "Description")).isNotBlank();
        assertThat(one(service, "Service", "Type")).isEqualTo("oneshot");
        assertThat(one(service, "Service", "User")).isEqualTo("guard");
        assertThat(one(service, "Service", "StateDirectory")).isEqualTo("guard");
        assertThat(service.get("Service").get("Environment")).contains("XDG_STATE_HOME=%S");
        String exec = one(service, "Service", "ExecStart");
        assertThat(exec).startsWith("/").contains("--lock-timeout").contains("--log-format json");
        assertThat(invocations(exec)).hasSize(1);
        // Past guard's own 60 s wait for a call in flight after SIGTERM.
        assertThat(Integer.parseInt(one(service, "Service", "TimeoutStopSec"))).isGreaterThan(60);
    }

    @Test
    void theTimerStartsTheServiceAndIsWantedByTimersTarget() throws Exception {
        var timer = unit(DIR.resolve("guard-maintenance.timer"));
        assertThat(timer.keySet()).containsExactly("Unit", "Timer", "Install");
        assertThat(one(timer, "Timer", "OnCalendar")).isNotBlank();
        assertThat(one(timer, "Timer", "Unit")).isEqualTo("guard-maintenance.service");
        assertThat(one(timer, "Install", "WantedBy")).isEqualTo("timers.target");
    }

    // --- YAML ---

    /** Each document of a YAML file, read by guard's own strict reader (one document at a time). */
    static List<Node> yamlDocuments(Path file) throws Exception {
        List<Node> docs = new ArrayList<>();
        for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
            Problems problems = new Problems(file);
            Optional<Node> node = YamlReader.parse(doc.getBytes(StandardCharsets.UTF_8), problems);
            assertThat(problems.sorted()).as("%s parses", file).isEmpty();
            docs.add(node.orElseThrow());
        }
        return docs;
    }

    /** The node at {@code path} (map keys, or list indexes as numbers), failing with the path if absent. */
    static Node at(Node node, String... path) {
        Node n = node;
        for (String p : path) {
            if (n instanceof SeqNode s && p.matches("\\d+")) {
                assertThat(s.items()).as(String.join(".", path)).hasSizeGreaterThan(Integer.parseInt(p));
                n = s.items().get(Integer.parseInt(p));
            } else {
                assertThat(n).as(String.join(".", path)).isInstanceOf(MapNode.class);
                Optional<Node> next = ((MapNode) n).get(p);
                assertThat(next).as(String.join(".", path)).isPresent();
                n = next.get();
            }
        }
        return n;
    }

    static String text(Node node, String... path) {
        Node n = at(node, path);
        assertThat(n).as(String.join(".", path)).isInstanceOf(Scalar.class);
        return ((Scalar) n).text();
    }

    static List<String> texts(Node node, String... path) {
        Node n = at(node, path);
        assertThat(n).as(String.join(".", path)).isInstanceOf(SeqNode.class);
        return ((SeqNode) n).items().stream().map(i -> ((Scalar) i).text()).toList();
    }

    private static Node kind(List<Node> docs, String kind) {
        return docs.stream()
                .filter(d -> text(d, "kind").equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    @Test
    void theCronJobNeverOverlapsActsAsItsIrsaServiceAccountAndKeepsItsState() throws Exception {
        List<Node> docs = yamlDocuments(DIR.resolve("k8s-cronjob.yaml"));
        Node job = kind(docs, "CronJob");
        assertThat(text(job, "apiVersion")).isEqualTo("batch/v1");
        assertThat(text(job, "spec", "concurrencyPolicy")).isEqualTo("Forbid");
        assertThat(text(job, "spec", "schedule").split(" ")).hasSize(5);
        assertThat(text(job, "spec", "jobTemplate", "spec", "backoffLimit")).isEqualTo("0");
        Node pod = at(job, "spec", "jobTemplate", "spec", "template", "spec");
        assertThat(text(pod, "restartPolicy")).isEqualTo("Never");
        assertThat(text(pod, "securityContext", "runAsNonRoot")).isEqualTo("true");

        Node account = kind(docs, "ServiceAccount");
        assertThat(text(pod, "serviceAccountName")).isEqualTo(text(account, "metadata", "name"));
        assertThat(text(account, "metadata", "annotations", "eks.amazonaws.com/role-arn"))
                .matches("arn:aws:iam::\\d{12}:role/.+");

        // The config it mounts has the shared lock (and the approvals store, and the runner role).
        Node config = yamlDocuments(embeddedConfig()).get(0);
        assertThat(text(config, "locks", "table")).isNotBlank();
        assertThat(text(config, "locks", "account")).isNotBlank();
        assertThat(text(config, "locks", "region")).isNotBlank();
        assertThat(text(config, "approvals", "bucket")).isNotBlank();
        assertThat(text(config, "defaults", "runnerRole")).isNotBlank();

        // Its state (locks, applied plans, audit log) on a volume that outlives the pod.
        Node container = at(pod, "containers", "0");
        String stateMount = ((SeqNode) at(container, "volumeMounts"))
                .items().stream()
                        .filter(m -> text(m, "name").equals("state"))
                        .map(m -> text(m, "mountPath"))
                        .findFirst()
                        .orElseThrow();
        assertThat(text(config, "audit", "path")).startsWith(stateMount + "/");
        assertThat(((SeqNode) at(pod, "volumes"))
                        .items().stream()
                                .filter(v -> text(v, "name").equals("state"))
                                .map(v -> text(v, "persistentVolumeClaim", "claimName")))
                .containsExactly(text(kind(docs, "PersistentVolumeClaim"), "metadata", "name"));
    }

    /**
     * The CronJob's config is one guard loads: read by guard's own config loader, every problem
     * listed (keys other parts add — locks, approvals, runnerRole — are unknown until they are in).
     */
    @Test
    void theCronJobsConfigIsOneGuardLoads() throws Exception {
        var result = new dev.guard.config.ConfigLoader(
                        new Environment(Path.of("").toAbsolutePath(), Map.of(), Path.of("target/test-home")))
                .read(embeddedConfig());
        assertThat(result.problems().sorted().stream().map(p -> p.message()))
                .as("problems of the CronJob's guard.yaml")
                .isEmpty();
    }

    /** The guard.yaml the CronJob's ConfigMap holds, as a file of its own. */
    private static Path embeddedConfig() throws Exception {
        Node map = kind(yamlDocuments(DIR.resolve("k8s-cronjob.yaml")), "ConfigMap");
        Path file = Files.createTempFile("recipe-guard", ".yaml");
        Files.writeString(file, text(map, "data", "guard.yaml"));
        file.toFile().deleteOnExit();
        return file;
    }

    @Test
    void theWorkflowRunsOnAScheduleAsAnOidcRoleBehindAnEnvironment() throws Exception {
        List<Node> docs = yamlDocuments(DIR.resolve("github-actions.yaml"));
        assertThat(docs).hasSize(1);
        Node wf = docs.get(0);
        assertThat(text(wf, "on", "schedule", "0", "cron").split(" ")).hasSize(5);
        assertThat(text(wf, "permissions", "id-token")).isEqualTo("write");
        Node job = at(wf, "jobs", "apply");
        assertThat(text(job, "environment")).isNotBlank();
        List<Node> steps = ((SeqNode) at(job, "steps")).items();
        Node aws = steps.stream()
                .filter(s -> ((MapNode) s).get("uses").isPresent()
                        && text(s, "uses").startsWith("aws-actions/configure-aws-credentials@"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no aws-actions/configure-aws-credentials step"));
        assertThat(text(aws, "with", "role-to-assume")).matches("arn:aws:iam::\\d{12}:role/.+");
        // OIDC only: no long-term keys from secrets.
        assertThat(Files.readString(DIR.resolve("github-actions.yaml"))).doesNotContain("aws-access-key-id");
    }

    // --- Dockerfile ---

    private static final Set<String> INSTRUCTIONS = Set.of(
            "FROM",
            "RUN",
            "CMD",
            "LABEL",
            "EXPOSE",
            "ENV",
            "ADD",
            "COPY",
            "ENTRYPOINT",
            "VOLUME",
            "USER",
            "WORKDIR",
            "ARG",
            "ONBUILD",
            "STOPSIGNAL",
            "HEALTHCHECK",
            "SHELL");

    /** The Dockerfile's instructions, continuation lines joined, comments left out. */
    static List<String[]> dockerInstructions() throws Exception {
        List<String[]> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : Files.readAllLines(DIR.resolve("Dockerfile"))) {
            String line = raw.strip();
            if (pending.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String[] parts = pending.toString().split("\\s+", 2);
            assertThat(INSTRUCTIONS).as(pending.toString()).contains(parts[0]);
            out.add(parts);
            pending.setLength(0);
        }
        assertThat(pending).as("a continuation at the end").isEmpty();
        return out;
    }

    @Test
    void theImageIsBuiltInAStageOfItsOwnAndRunsGuardOnAJava17RuntimeAsANonRootUser() throws Exception {
        List<String[]> instructions = dockerInstructions();
        List<String> from = instructions.stream()
                .filter(i -> i[0].equals("FROM"))
                .map(i -> i[1])
                .toList();
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).contains("17").endsWith(" AS build");
        assertThat(from.get(1)).contains(":17-");
        String user = instructions.stream()
                .filter(i -> i[0].equals("USER"))
                .reduce((a, b) -> b)
                .map(i -> i[1])
                .orElseThrow(() -> new AssertionError("no USER: the image would run as root"));
        assertThat(user.split(":")[0]).isNotIn("root", "0");
        assertThat(entrypoint()).containsExactly("guard");
        assertThat(instructions.stream().map(i -> String.join(" ", i)))
                .anyMatch(i -> i.startsWith("COPY --from=build /src/target/guard.jar"))
                .anyMatch(i -> i.startsWith("COPY --from=build /src/target/lib/"));
    }

    /** The image's ENTRYPOINT, in exec form. */
    static List<String> entrypoint() throws Exception {
        String json = dockerInstructions().stream()
                .filter(i -> i[0].equals("ENTRYPOINT"))
                .reduce((a, b) -> b)
                .map(i -> i[1])
                .orElseThrow();
        assertThat(json).as("exec form").startsWith("[").endsWith("]");
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readerForListOf(String.class)
                .readValue(json);
    }

    // --- every guard invocation ---

    /** A guard command line found in a recipe, and where. */
    record Invocation(String where, List<String> args) {}

    /**
     * Every {@code guard …} the recipes run — the crontab's command, ExecStart, the CronJob's
     * container (its args go to the image's ENTRYPOINT), the workflow's {@code run:}s and the
     * Dockerfile's CMD — and every {@code $ guard …} in their comments and in the recipes' README.
     */
    static List<Invocation> allInvocations() throws Exception {
        List<Invocation> all = new ArrayList<>();
        for (String line : cronLines()) {
            invocations(line.split("\\s+", 6)[5]).forEach(a -> all.add(new Invocation("crontab", a)));
        }
        for (String exec :
                unit(DIR.resolve("guard-maintenance.service")).get("Service").get("ExecStart")) {
            invocations(exec).forEach(a -> all.add(new Invocation("guard-maintenance.service", a)));
        }
        List<String> entrypoint = entrypoint();
        for (Node doc : yamlDocuments(DIR.resolve("k8s-cronjob.yaml"))) {
            if (text(doc, "kind").equals("CronJob")) {
                Node container = at(doc, "spec", "jobTemplate", "spec", "template", "spec", "containers", "0");
                assertThat(((MapNode) container).get("command"))
                        .as("the image's ENTRYPOINT is used")
                        .isEmpty();
                List<String> line = new ArrayList<>(entrypoint);
                line.addAll(texts(container, "args"));
                invocations(line).forEach(a -> all.add(new Invocation("k8s-cronjob.yaml", a)));
            }
        }
        for (Node step : ((SeqNode)
                        at(yamlDocuments(DIR.resolve("github-actions.yaml")).get(0), "jobs", "apply", "steps"))
                .items()) {
            if (((MapNode) step).get("run").isPresent()) {
                invocations(text(step, "run")).forEach(a -> all.add(new Invocation("github-actions.yaml", a)));
            }
        }
        List<String> cmd = new ArrayList<>(entrypoint);
        dockerInstructions().stream()
                .filter(i -> i[0].equals("CMD"))
                .forEach(i ->
                        cmd.addAll(List.of(i[1].replaceAll("[\\[\\]\"]", "").split(",\\s*"))));
        invocations(cmd).forEach(a -> all.add(new Invocation("Dockerfile", a)));
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    Matcher m = PROMPT.matcher(line);
                    if (m.matches()) {
                        invocations(m.group(1)).forEach(a -> all.add(new Invocation(f.getFileName() + " ($)", a)));
                    }
                }
            }
        }
        // And the README's section that points here.
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("## Scheduled maintenance");
        assertThat(at).as("README has a Scheduled maintenance section").isNotNegative();
        String section = readme.substring(at, readme.indexOf("\n## ", at + 1));
        for (String line : section.lines().toList()) {
            Matcher m = PROMPT.matcher(line);
            if (m.matches()) {
                invocations(m.group(1)).forEach(a -> all.add(new Invocation("../../README.md ($)", a)));
            }
        }
        return all;
    }

    /** {@code $ guard …} at the start of a line, after a comment's {@code #} or not. */
    private static final Pattern PROMPT = Pattern.compile("^\\s*(?:#\\s*)?\\$ (.*)$");

    @Test
    void theRecipesRunGuardWhereTheySaySo() throws Exception {
        List<Invocation> all = allInvocations();
        for (String where : List.of(
                "crontab",
                "guard-maintenance.service",
                "k8s-cronjob.yaml",
                "github-actions.yaml",
                "Dockerfile",
                "README.md ($)",
                "../../README.md ($)")) {
            assertThat(all).as(where).anyMatch(i -> i.where().equals(where));
        }
        assertThat(all.stream().map(i -> i.args().isEmpty() ? "" : command(i.args())))
                .contains("apply", "plan", "approve", "approvals", "run", "login");
    }

    /**
     * What guard's command line does not have of what the recipes use, one entry each, for example
     * {@code command approve} or {@code option apply --runner}: empty once every part is merged.
     */
    @Test
    void everyCommandAndFlagTheRecipesUseExistsInGuardsCommandLine() throws Exception {
        CommandLine root = Main.commandLine(new Context(
                new Environment(Path.of("").toAbsolutePath(), Map.of(), Path.of("target/test-home")),
                new ScriptedTerminal(false),
                false));
        Map<String, Set<String>> missing = new java.util.TreeMap<>();
        for (Invocation i : allInvocations()) {
            for (String m : missing(root, i.args())) {
                missing.computeIfAbsent(m, k -> new TreeSet<>()).add(i.where());
            }
        }
        assertThat(missing)
                .as("commands and options the recipes use that guard does not have (in which files)")
                .isEmpty();
    }

    /** The subcommand an invocation names: its first word that is not an option or an option's value. */
    private static String command(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (Set.of("--output", "--log-format", "--config").contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return "";
    }

    /** What of {@code args} the command line does not know: a command, or an option of the command it is given to. */
    static List<String> missing(CommandLine root, List<String> args) {
        List<String> missing = new ArrayList<>();
        CommandLine current = root;
        String where = "";
        boolean positional = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-") && a.length() > 1) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                OptionSpec o = current.getCommandSpec().findOption(name);
                if (o == null) {
                    missing.add("option " + (where.isEmpty() ? "" : where + " ") + name);
                } else if (!a.contains("=") && o.arity().max() > 0) {
                    i++;
                }
                continue;
            }
            CommandLine sub = positional ? null : current.getSubcommands().get(a);
            if (sub != null) {
                current = sub;
                where = (where + " " + a).strip();
            } else if (current == root) {
                missing.add("command " + a);
                return missing; // its options cannot be checked
            } else {
                positional = true;
            }
        }
        return missing;
    }

    /** The guard command lines in a shell command: each simple command whose program is guard. */
    static List<List<String>> invocations(String shell) {
        return invocations(words(shell));
    }

    /** The guard command lines in a word list: after ;, &&, ||, |, leading VAR=value words skipped. */
    static List<List<String>> invocations(List<String> words) {
        List<List<String>> found = new ArrayList<>();
        List<String> command = new ArrayList<>();
        for (String w : words) {
            if (List.of("&&", "||", ";", "|").contains(w)) {
                guardIn(command).ifPresent(found::add);
                command = new ArrayList<>();
            } else {
                command.add(w);
            }
        }
        guardIn(command).ifPresent(found::add);
        return found;
    }

    private static Optional<List<String>> guardIn(List<String> command) {
        int i = 0;
        while (i < command.size() && command.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            i++;
        }
        if (i < command.size() && command.get(i).matches("(.*/)?guard")) {
            return Optional.of(command.subList(i + 1, command.size()));
        }
        return Optional.empty();
    }

    /** Shell words, as sh splits them: quotes kept together, a backslash escaping, # starting a comment. */
    static List<String> words(String shell) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < shell.length(); i++) {
            char c = shell.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < shell.length()) {
                char next = shell.charAt(++i);
                if (next != '\n') {
                    w.append(next);
                    inWord = true;
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else if (c == ';') {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
                words.add(";");
            } else {
                w.append(c);
                inWord = true;
            }
        }
        assertThat((int) quote).as("quotes closed in %s", shell).isZero();
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    @Test
    void theWordSplitterReadsWhatShWouldRun() {
        assertThat(invocations("cd /srv/guard && guard --quiet apply 'plans/a b.json' --yes # note"))
                .containsExactly(List.of("--quiet", "apply", "plans/a b.json", "--yes"));
        assertThat(invocations("X=1 ./guard run r; echo guard run")).containsExactly(List.of("run", "r"));
        assertThat(invocations("kubectl apply -f x.yaml")).isEmpty();
    }

    @Test
    void theCheckerFindsWhatIsMissingAndOnlyThat() {
        CommandLine root = Main.commandLine(new Context(
                new Environment(Path.of("").toAbsolutePath(), Map.of(), Path.of("target/test-home")),
                new ScriptedTerminal(false),
                false));
        assertThat(missing(root, List.of("--quiet", "--log-format", "json", "run", "r", "--yes", "-p", "a=b")))
                .isEmpty();
        assertThat(missing(root, List.of("--output=json", "audit", "verify", "--file", "x")))
                .isEmpty();
        assertThat(missing(root, List.of("run", "r", "--no-such-flag"))).containsExactly("option run --no-such-flag");
        assertThat(missing(root, List.of("--quiet", "no-such-command", "--x")))
                .containsExactly("command no-such-command");
    }
}
