package dev.guard.cli;

import dev.guard.config.Environment;
import dev.guard.term.ConsoleTerminal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The launcher's training run for its offline class-data archive, not a user command: several guard
 * command lines, separated by {@code --next}, run one after the other in one JVM, so the archive
 * holds what each of them loads and links. A command the training did not run pays at every start
 * for what the archive lacks: its classes read from the jar, and its lambdas and string
 * concatenations spun at run time (~5 ms for a validate after a plan-only training, JDK 25).
 */
public final class Training {
    static final String NEXT = "--next";

    private Training() {}

    public static void main(String[] args) {
        Startup.warmUpYaml();
        Context context =
                new Context(Environment.system(), new ConsoleTerminal(), ConsoleTerminal.terminalConsole() != null);
        int worst = 0;
        for (String[] line : lines(args)) {
            worst = Math.max(worst, Main.commandLine(context, line).execute(line));
        }
        System.exit(worst);
    }

    static List<String[]> lines(String[] args) {
        List<String[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || args[i].equals(NEXT)) {
                lines.add(Arrays.copyOfRange(args, start, i));
                start = i + 1;
            }
        }
        return lines;
    }
}
