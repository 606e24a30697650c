package dev.guard.cli;

import dev.guard.action.ActionRegistry;
import dev.guard.config.ConfigLoader;
import dev.guard.config.GuardConfig;
import dev.guard.credentials.CallerSession;
import dev.guard.credentials.Connection;
import dev.guard.credentials.OrganizationReader;
import dev.guard.credentials.SessionCache;
import dev.guard.error.ProblemsException;
import dev.guard.plan.Organization;
import dev.guard.plan.Plan;
import dev.guard.plan.Planner;
import dev.guard.plan.RunbookLocator;
import dev.guard.term.Printable;
import dev.guard.term.Style;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * What a command works with once the command line is parsed: the loaded config, the action
 * registry, runbook lookup, where to print and how. Built on demand so commands that need no
 * config (version, schema) never read one.
 */
final class Session {
    final Context context;
    final GlobalOptions global;
    final CommandLine cmd;

    private GuardConfig config;
    /** A connection opened while planning, to read AWS Organizations: the run takes it over. */
    private Connections.Opened early;

    Session(Context context, CommandLine cmd) {
        this.context = context;
        this.cmd = cmd;
        this.global = GuardCommand.globalOptions(cmd);
    }

    GuardConfig config() {
        if (config == null) {
            ConfigLoader.Result r = new ConfigLoader(context.env()).load(java.util.Optional.ofNullable(global.config));
            if (!r.problems().isEmpty()) {
                throw ProblemsException.of(r.problems());
            }
            config = r.config().orElseThrow();
        }
        return config;
    }

    private final ActionRegistry actions = ActionRegistry.standard();

    ActionRegistry actions() {
        return actions;
    }

    RunbookLocator locator() {
        return new RunbookLocator(context.env(), config().runbookDirectory());
    }

    PrintWriter out() {
        return cmd.getOut();
    }

    PrintWriter err() {
        return cmd.getErr();
    }

    /** Warnings, the final error and, under --log-format json, the run's events: see {@link Diagnostics}. */
    Diagnostics diagnostics() {
        return GuardCommand.diagnostics(cmd);
    }

    /** A warning for stderr, already escaped: {@code guard: LINE}, held back under --quiet, JSON under --log-format json. */
    void warning(String shown) {
        diagnostics().warning(shown);
    }

    Style style() {
        boolean enabled = !global.noColor
                && context.env().get("NO_COLOR").isEmpty()
                && context.stdoutIsTerminal()
                && !"dumb".equals(context.env().get("TERM").orElse(""));
        return new Style(enabled);
    }

    /** {@code $XDG_CACHE_HOME/guard/sessions}; warnings about it go to stderr. */
    SessionCache sessionCache() {
        return new SessionCache(
                context.env().cacheHome().resolve("guard/sessions"), line -> warning(Printable.of(line)));
    }

    /** Clients and a broker for {@code connection}, STS called in the config's default region. */
    CallerSession callerSession(Connection connection) {
        return new CallerSession(
                connection,
                context.env(),
                config().defaultRegion()
                        .or(() -> context.env().get("AWS_REGION"))
                        .orElse("us-east-1"),
                line -> warning(Printable.of(line)));
    }

    /** The offline half of the pipeline for the runbook {@code options} name. */
    Plan plan(RunbookOptions options, boolean preview) {
        return plan(options, preview, Organization.UNAVAILABLE);
    }

    /**
     * The plan of a command that will connect ({@code run}, {@code plan --live}): an account set
     * that selects from AWS Organizations reads it through {@code connection}'s base credentials,
     * opened now (before any MFA prompt) and kept for the run.
     */
    Plan plan(RunbookOptions options, boolean preview, ConnectionOptions connection) {
        return plan(
                options,
                preview,
                new PlanningOrganization(() -> OrganizationReader.of(
                        earlyConnection(connection), context.env(), config(), line -> warning(Printable.of(line)))));
    }

    private Plan plan(RunbookOptions options, boolean preview, Organization organization) {
        return new Planner(actions(), config(), context.env(), context.terminal())
                .reading(organization)
                .plan(
                        new Planner.Request(
                                options.runbook,
                                options.parameters(),
                                Optional.ofNullable(options.paramsFile),
                                options.files.localFiles(context.env())),
                        preview);
    }

    private Connection earlyConnection(ConnectionOptions options) {
        if (early == null) {
            // The sandbox's "started on ..." line, as the run would have said it.
            PrintWriter human = diagnostics().human(out(), global.json());
            early = Connections.open(options, this, line -> {
                human.println(Printable.of(line));
                human.flush();
            });
        }
        return early.connection();
    }

    /** Closes the connection opened while planning if no run took it over (a refusal came first). */
    void closeEarly() {
        // Not ifPresent(Opened::close): every plan and run ends here, and on JDK 17 a method
        // reference costs ~60 µs to link the first time.
        Optional<Connections.Opened> taken = takeEarly();
        if (taken.isPresent()) {
            taken.get().close();
        }
    }

    /** {@link #warning} for what wants a {@code Consumer}: each line escaped for the terminal. */
    Consumer<String> warnings() {
        return new Warnings(this);
    }

    /** A named class, not a lambda: on JDK 17 a lambda costs ~60 µs to link the first time. */
    private static final class Warnings implements Consumer<String> {
        private final Session session;

        Warnings(Session session) {
            this.session = session;
        }

        @Override
        public void accept(String line) {
            session.warning(Printable.of(line));
        }
    }

    /** The connection opened while planning, for the run to use (and close); empty when none was. */
    Optional<Connections.Opened> takeEarly() {
        Optional<Connections.Opened> taken = Optional.ofNullable(early);
        early = null;
        return taken;
    }
}
