package dev.guard.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts, before or after the command name. */
public final class GlobalOptions {
    /** Output formats. */
    public enum Format {
        text,
        json
    }

    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "Show stack traces and internal detail on errors (never secrets).")
    boolean debug;

    @Option(
            // Only the long form: DESIGN reserves `guard plan -o FILE` for saved plans.
            names = "--output",
            scope = ScopeType.INHERIT,
            paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: text).")
    Format output = Format.text;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colours in output (also: NO_COLOR=1).")
    boolean noColor;

    @Option(
            names = "--config",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "Config file (default: $GUARD_CONFIG, ./config/guard.yaml, ~/.config/guard/config.yaml).")
    String config;

    @Option(
            names = "--quiet",
            scope = ScopeType.INHERIT,
            description = "Print nothing on success (cron mails any output); on a refusal or failure only the"
                    + " error, or the run's 'Stopped:' line, on stderr. --output json still prints its document.")
    boolean quiet;

    @Option(
            names = "--log-format",
            scope = ScopeType.INHERIT,
            paramLabel = "FORMAT",
            description = "stderr as ${COMPLETION-CANDIDATES} (default: text); json: one JSON object per line — the"
                    + " run's events, warnings and the final error — for journald, cron mail, CloudWatch.")
    Format logFormat = Format.text;

    public boolean json() {
        return output == Format.json;
    }

    /** stderr carries one JSON object per line, nothing else. */
    public boolean jsonLog() {
        return logFormat == Format.json;
    }
}
