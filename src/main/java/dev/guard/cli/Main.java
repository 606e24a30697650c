package dev.guard.cli;

import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditTrail;
import dev.guard.audit.EventLog;
import dev.guard.config.Environment;
import dev.guard.error.ExitCode;
import dev.guard.json.Json;
import dev.guard.term.ConsoleTerminal;
import dev.guard.term.Printable;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * Entry point: builds the command tree with guard's error handling, so every failure becomes a
 * one-line message and a documented exit code, and a stack trace appears only with --debug.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String named = commandName(args);
        if (named != null) {
            Startup.warmUpYaml(); // every command reads the config or a runbook
        }
        Context context =
                new Context(Environment.system(), new ConsoleTerminal(), ConsoleTerminal.terminalConsole() != null);
        CommandLine cl = commandLine(context, args);
        int code = cl.execute(args);
        Startup.exit(named, code, cl);
    }

    /**
     * Every subcommand, in help order. picocli builds a command's whole model (reflection over its
     * annotations) when it is registered, which for all of them costs more start-up time than a
     * validate does its work, so {@link #commandLine(Context, String...)} registers only the one the
     * arguments name, and all of them for help and completion.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("run", RunCommand.class);
        m.put("plan", PlanCommand.class);
        m.put("validate", ValidateCommand.class);
        m.put("list", ListCommand.class);
        m.put("schema", SchemaCommand.class);
        m.put("apply", ApplyCommand.class);
        m.put("show", ShowCommand.class);
        m.put("approve", ApproveCommand.class);
        m.put("approvals", ApprovalsCommand.class);
        m.put("shell", ShellCommand.class);
        m.put("login", LoginCommand.class);
        m.put("logout", LogoutCommand.class);
        m.put("whoami", WhoamiCommand.class);
        m.put("exec", ExecCommand.class);
        m.put("env", EnvCommand.class);
        m.put("credential-process", CredentialProcessCommand.class);
        m.put("doctor", DoctorCommand.class);
        m.put("sandbox", SandboxCommand.class);
        m.put("audit", AuditCommand.class);
        m.put("unlock", UnlockCommand.class);
        m.put("version", VersionCommand.class);
        m.put("completion", CompletionCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(m);
    }

    private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

    /** Global options that take a value, whose value must not be mistaken for a command name. */
    private static final Set<String> OPTIONS_WITH_VALUES = Set.of("--output", "--config", "--log-format");

    /** The command line with every subcommand, for help, completion and tests. */
    public static CommandLine commandLine(Context context) {
        return commandLine(context, new String[0]);
    }

    /** The configured command line for {@code args}; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine(Context context, String... args) {
        // picocli registers converters for java.time and java.sql types by loading (and so
        // initialising) those classes, a third of its start-up time. guard has no option of those
        // types; picocli documents this property for leaving them out.
        if (System.getProperty(CONVERTER_EXCLUDES) == null) {
            System.setProperty(CONVERTER_EXCLUDES, "java\\.(sql|time)\\..*");
        }
        // picocli's default factory probes for Groovy with Class.forName; the miss searches every
        // jar on the class path, including the AWS SDK's in target/lib, which only commands that
        // call AWS should ever open. picocli documents this property for turning the probe off.
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        Factory factory = new Factory(context);
        CommandLine cl = new CommandLine(CommandSpecs.root(new GuardCommand(context)), factory);
        String named = commandName(args);
        boolean none = named == null && versionOnly(args);
        try {
            for (Map.Entry<String, Class<?>> e : SUBCOMMANDS.entrySet()) {
                if (!none && (named == null || named.equals(e.getKey()))) {
                    CommandLine sub = new CommandLine(command(e.getKey(), e.getValue(), factory), factory);
                    // Before it inherits the global options, as picocli's own -h/-V would be.
                    CommandSpecs.standardHelp(sub.getCommandSpec());
                    cl.addSubcommand(e.getKey(), sub);
                    if (Set.of("login", "approve", "approvals", "env", "credential-process")
                            .contains(e.getKey())) {
                        LoginCommand.hideSandboxOptions(
                                cl.getSubcommands().get(e.getKey()).getCommandSpec());
                    }
                    if (e.getKey().equals("exec")) {
                        // guard exec --account a aws s3 ls --region x: the command's options are its own.
                        cl.getSubcommands().get("exec").setStopAtPositional(true);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot build command " + named, e);
        }
        // A named class, not Main::execute and Main::usageError: on JDK 17 each method reference
        // costs ~60 µs to link at start-up.
        Hooks hooks = new Hooks();
        cl.setExecutionStrategy(hooks);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(hooks);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpLongOptionsMaxWidth(28);
        return cl;
    }

    /**
     * The command named {@code name}, or its model: validate and plan are built directly, with
     * models of their own ({@link CommandSpecs}, {@link PlanSpec}), since reading annotations makes
     * the JDK generate proxy classes and a reflective constructor call spins method-handle classes,
     * at run time, which no class-data archive holds.
     */
    private static Object command(String name, Class<?> type, Factory factory) throws Exception {
        return switch (name) {
            case "validate" -> CommandSpecs.validate(new ValidateCommand(factory.context()));
            case "plan" -> PlanSpec.plan(new PlanCommand(factory.context()));
            default -> factory.create(type);
        };
    }

    /** The subcommand {@code args} names, or null when all should be registered (help, unknown, none). */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (OPTIONS_WITH_VALUES.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return SUBCOMMANDS.containsKey(a) && !a.equals("help") ? a : null;
            }
        }
        return null;
    }

    /**
     * Whether {@code args} only ask for the version ({@code guard --version}, with global options):
     * no command, no help, so no subcommand need be built.
     */
    static boolean versionOnly(String[] args) {
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (OPTIONS_WITH_VALUES.contains(a)) {
                i++;
            } else if (a.equals("-V") || a.equals("--version")) {
                version = true;
            } else if (!a.startsWith("-") || a.equals("-h") || a.equals("--help")) {
                return false;
            }
        }
        return version;
    }

    /**
     * Runs the parsed command; under {@code --quiet} its stdout goes nowhere (its document still
     * prints under {@code --output json}, as do the credentials of env and credential-process),
     * while help (--help, {@code guard help CMD}) and --version, asked for, still show.
     */
    private static int execute(CommandLine.ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        CommandLine root = parsed.commandSpec().commandLine();
        GlobalOptions global = GuardCommand.globalOptions(root);
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        Object command = last.commandSpec().userObject();
        boolean askedForHelp = command instanceof CommandLine.HelpCommand;
        // Credentials asked for are the command's document, like JSON: a credential_process line
        // with --quiet (to keep stderr clean) must still print them.
        boolean credentials = command instanceof EnvCommand || command instanceof CredentialProcessCommand;
        if (global.quiet && !global.json() && !askedForHelp && !credentials) {
            root.setOut(Diagnostics.NOWHERE);
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = "guard: " + e.getMessage();
        // The command line did not parse, so read the formats from the raw arguments.
        List<String> raw = List.of(args);
        if (given(raw, "--log-format", "json")) {
            err.println(new EventLog(AuditTrail.NONE, Clock.systemUTC(), l -> {})
                    .line(
                            "error",
                            "error",
                            AuditEvent.ordered("exitCode", ExitCode.INVALID_INPUT, "message", e.getMessage())));
        } else {
            err.println(Printable.of(message)); // picocli quotes the argument: escaped on the terminal, exact in JSON
            if (!raw.contains("--quiet")) {
                err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            }
        }
        err.flush();
        if (given(raw, "--output", "json")) {
            Json.error(cmd.getOut(), ExitCode.INVALID_INPUT, List.of(message));
        }
        return ExitCode.INVALID_INPUT;
    }

    /** Whether the raw arguments give {@code option} the value {@code value}, as two words or with '='. */
    private static boolean given(List<String> raw, String option, String value) {
        int at = raw.indexOf(option);
        return raw.contains(option + "=" + value)
                || (at >= 0 && at + 1 < raw.size() && raw.get(at + 1).equals(value));
    }

    /** How picocli runs a parsed command ({@link #execute}) and reports one that did not parse ({@link #usageError}). */
    private static final class Hooks implements CommandLine.IExecutionStrategy, CommandLine.IParameterExceptionHandler {
        @Override
        public int execute(CommandLine.ParseResult parsed) {
            return Main.execute(parsed);
        }

        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            return usageError(e, args);
        }
    }

    /** Builds commands that want the {@link Context} through their constructor. */
    private record Factory(Context context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            for (Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Context.class) {
                    c.setAccessible(true);
                    return cls.cast(c.newInstance(context));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
