package dev.guard.cli;

import dev.guard.yaml.Problems;
import dev.guard.yaml.YamlReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine;

/**
 * Two start-up costs of the JDK that guard's offline commands need not wait for (measured on JDK 25
 * with the launcher's AOT cache): the YAML parser's class initialisation, done on the second core
 * while picocli parses, and the JDK's exit logging.
 */
final class Startup {
    /**
     * Commands that register no shutdown hook of guard's, JLine's or the JDK's (no terminal prompt,
     * no AWS client, no server, no child process), so they may halt once their output is flushed.
     * {@code null}: no subcommand (--help, --version, a usage error). An offline plan may halt too,
     * unless it prompted ({@link PlanCommand#hookFree()}).
     */
    private static final Set<String> HOOK_FREE = Set.of("validate", "schema", "version", "completion");

    private Startup() {}

    /**
     * Initialises the YAML parser (SnakeYAML's scanner, and its resolver's regular expressions,
     * compiled in the interpreter) on a daemon thread, so the first config read finds it ready:
     * ~2.5 ms of a validate on JDK 25, nothing measurable on JDK 17.
     */
    static void warmUpYaml() {
        // A named Runnable, not a lambda: on JDK 17 linking a lambda costs ~60 µs of the main thread.
        Thread warm = new Thread(new YamlWarmUp(), "guard-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /** Parses a one-line document, for the class initialisation only. */
    private static final class YamlWarmUp implements Runnable {
        @Override
        public void run() {
            try {
                YamlReader.parse(
                        "apiVersion: guard/v1\n".getBytes(StandardCharsets.US_ASCII),
                        new Problems(Path.of("warm-up.yaml")));
            } catch (RuntimeException | LinkageError e) {
                // Only a head start: the command's own read reports any real problem.
            }
        }
    }

    /**
     * Ends the process with {@code code}. For a hook-free command it halts: {@code System.exit} asks
     * the JDK's System.Logger whether to log the exit (JDK 21+), whose first use searches every jar
     * on the class path — the AWS SDK's ~50 in target/lib — for a logger: ~13 ms of a validate.
     */
    static void exit(String command, int code, CommandLine root) {
        if (command == null || HOOK_FREE.contains(command) || hookFreePlan(command, root)) {
            // Each command line has writers of its own; halt flushes nothing.
            flush(root.getOut(), root.getErr());
            for (CommandLine sub : root.getSubcommands().values()) {
                flush(sub.getOut(), sub.getErr());
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /** An offline plan that prompted nothing: see {@link PlanCommand#hookFree()}. */
    private static boolean hookFreePlan(String command, CommandLine root) {
        CommandLine plan = "plan".equals(command) ? root.getSubcommands().get("plan") : null;
        return plan != null && plan.getCommandSpec().userObject() instanceof PlanCommand p && p.hookFree();
    }

    private static void flush(PrintWriter out, PrintWriter err) {
        out.flush();
        err.flush();
    }
}
