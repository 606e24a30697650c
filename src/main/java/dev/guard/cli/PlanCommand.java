package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.run.Executor;
import dev.guard.term.ConsoleTerminal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code guard plan}: what a run would do, offline. Its model, options and help text: {@link
 * PlanSpec#plan} (no annotations: see there).
 */
final class PlanCommand implements Callable<Integer> {
    RunbookOptions options;

    boolean live;

    String savedPlan;

    String expiresIn;

    ConnectionOptions connection;

    CommandSpec spec;

    private final Context context;

    PlanCommand(Context context) {
        this.context = context;
    }

    /**
     * Whether this plan, once done, may end with {@code Runtime.halt} ({@link Startup#exit}): an
     * offline one registers no shutdown hook (no AWS client, sandbox, saved plan or Ctrl-C handling:
     * those come with --live, --sandbox and -o), unless it opened the terminal for a prompt, where
     * JLine registers one that restores the terminal's mode.
     */
    boolean hookFree() {
        return !live
                && !connection.sandbox
                && savedPlan == null
                && expiresIn == null
                && !(context.terminal() instanceof ConsoleTerminal t && t.opened());
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        try {
            return plan(session);
        } finally {
            session.closeEarly(); // a refusal before the run: the sandbox opened to read Organizations
        }
    }

    private int plan(Session session) {
        boolean online = live || connection.sandbox;
        if (savedPlan != null || expiresIn != null) {
            return SavedPlanOutput.save(session, options, connection, online, savedPlan, expiresIn);
        }
        if (!online && connection.asksForAws()) {
            throw GuardException.invalid(
                    "plan is offline: --profile, --endpoint-url and the MFA options apply with --live"
                            + " (or to run)");
        }
        var plan = online ? session.plan(options, false, connection) : session.plan(options, true);
        if (online) {
            // The plan, then the targets as they are now and the guards' verdict; never a change.
            return LiveRun.runAndReport(session, connection, plan, Executor.Mode.DISCOVER, false, false, () -> {});
        }
        PlanPreview preview = PlanPreview.offline(session, plan);
        if (session.global.json()) {
            Json.write(session.out(), PlanJson.of(preview));
        } else {
            new PlanRenderer(session.style(), session.out()).render(preview, true);
        }
        return ExitCode.OK;
    }
}
