package dev.guard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point. */
@Command(name = "guard", mixinStandardHelpOptions = true)
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {}
}
