package dev.guard.cli;

/** Options every command accepts, before or after the command name. */
public final class GlobalOptions {
    /** Output formats. */
    public enum Format {
        text,
        json
    }

    // The options themselves are declared in CommandSpecs.root (no annotations: see there).
    static final String DEBUG = "Show stack traces and internal detail on errors (never secrets).";

    // Only the long form: DESIGN reserves `guard plan -o FILE` for saved plans.
    static final String OUTPUT = "Output format: ${COMPLETION-CANDIDATES} (default: text).";

    static final String NO_COLOR = "No colours in output (also: NO_COLOR=1).";

    static final String CONFIG =
            "Config file (default: $GUARD_CONFIG, ./config/guard.yaml, ~/.config/guard/config.yaml).";

    static final String QUIET = "Print nothing on success (cron mails any output); on a refusal or failure only the"
            + " error, or the run's 'Stopped:' line, on stderr. --output json still prints its document.";

    static final String LOG_FORMAT = "stderr as ${COMPLETION-CANDIDATES} (default: text); json: one JSON object per"
            + " line — the run's events, warnings and the final error — for journald, cron mail, CloudWatch.";

    boolean debug;

    Format output = Format.text;

    boolean noColor;

    String config;

    boolean quiet;

    Format logFormat = Format.text;

    public boolean json() {
        return output == Format.json;
    }

    /** stderr carries one JSON object per line, nothing else. */
    public boolean jsonLog() {
        return logFormat == Format.json;
    }
}
