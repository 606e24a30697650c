package dev.guard.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ScopeType;

/**
 * The picocli models of the root command (built for every command) and of {@code validate}, made
 * with picocli's programmatic API instead of read from annotations. Reading an annotation type for
 * the first time makes the JDK generate a proxy class for it at run time, which no class-data
 * archive holds (AppCDS nor JDK 25's AOT cache): the eight types these two commands used cost
 * ~30 ms of CPU, a quarter of a validate. The other commands keep their annotations; they are
 * built only when named, or all for help and completion.
 */
final class CommandSpecs {
    private CommandSpecs() {}

    static final String HELP = "Show this help message and exit.";

    static final String VERSION = "Print version information and exit.";

    /** The root command: global options (inherited by every subcommand), -h and -V. */
    static CommandSpec root(GuardCommand command) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command)
                .name("guard")
                // Inherited so every subcommand has the global options too (-h and -V: standardHelp).
                .scopeType(ScopeType.INHERIT)
                .versionProvider(new VersionCommand.Provider());
        spec.usageMessage()
                .synopsisSubcommandLabel("COMMAND")
                .description(
                        "Run privileged, destructive AWS operations safely: declarative runbooks, MFA-backed temporary"
                                + " credentials chosen the right way for each target, a plan, a confirmation, dry runs.",
                        "")
                .commandListHeading("%nCommands:%n")
                .footerHeading("%n")
                .footer(HelpText.EXAMPLES_HEADING, HelpText.ROOT_EXAMPLES, HelpText.EXIT_CODES);
        GlobalOptions g = new GlobalOptions();
        command.global = g;
        command.spec = spec;
        spec.addOption(flag(g, "--debug", GlobalOptions.DEBUG));
        spec.addOption(format(g, "--output", GlobalOptions.OUTPUT));
        spec.addOption(flag(g, "--no-color", GlobalOptions.NO_COLOR));
        OptionField config = new OptionField(g, "--config");
        spec.addOption(inherited("--config")
                .paramLabel("FILE")
                .description(GlobalOptions.CONFIG)
                .type(String.class)
                .getter(config)
                .setter(config)
                .build());
        spec.addOption(flag(g, "--quiet", GlobalOptions.QUIET));
        spec.addOption(format(g, "--log-format", GlobalOptions.LOG_FORMAT));
        standardHelp(spec); // after the global options, where picocli's mixin put them
        return spec;
    }

    /** {@code guard validate}: see {@link ValidateCommand}. */
    static CommandSpec validate(ValidateCommand command) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("validate");
        spec.usageMessage()
                .description(
                        "Check runbooks strictly, offline: YAML, structure, types, identifiers, parameters, guards,"
                                + " accounts.",
                        "Every problem is printed as file:line:col: message. Exit code 2 if any runbook is invalid.")
                .footerHeading("%nExamples:%n")
                .footer(
                        "  guard validate runbooks/terminate-dev-instance.yaml",
                        "  guard validate runbooks/            # every *.yaml / *.yml below it",
                        "  guard validate                      # the configured runbook directory",
                        "  guard validate runbooks/ --output json");
        OptionField paths = new OptionField(command, "RUNBOOK");
        spec.addPositional(PositionalParamSpec.builder()
                .arity("0..*")
                .paramLabel("RUNBOOK")
                .description("Runbook files, names or directories (default: the runbook directory).")
                .type(List.class)
                .auxiliaryTypes(String.class)
                .initialValue(command.paths)
                .getter(paths)
                .setter(paths)
                .build());
        FileOptions files = new FileOptions();
        command.fileOptions = files;
        command.spec = spec;
        spec.addOption(allowFilesFrom(files).build());
        return spec;
    }

    /** {@link FileOptions}' one option, as validate and plan (in its mixin) declare it. */
    static OptionSpec.Builder allowFilesFrom(FileOptions files) {
        OptionField allow = new OptionField(files, "--allow-files-from");
        return OptionSpec.builder("--allow-files-from")
                .paramLabel("DIR")
                .description(FileOptions.ALLOW_FILES_FROM)
                .type(List.class)
                .auxiliaryTypes(String.class)
                .initialValue(files.allowFilesFrom)
                .getter(allow)
                .setter(allow);
    }

    /**
     * -h/--help and -V/--version on {@code spec} and every command below it, unless one has either
     * already (picocli's help command has its own -h): what picocli's mixinStandardHelpOptions does,
     * without reading its AutoHelpMixin's annotations.
     */
    static void standardHelp(CommandSpec spec) {
        var names = spec.optionsMap().keySet();
        if (!names.contains("-h")
                && !names.contains("--help")
                && !names.contains("-V")
                && !names.contains("--version")) {
            spec.addOption(OptionSpec.builder("-h", "--help")
                    .usageHelp(true)
                    .description(HELP)
                    .build());
            spec.addOption(OptionSpec.builder("-V", "--version")
                    .versionHelp(true)
                    .description(VERSION)
                    .build());
        }
        for (var sub : spec.subcommands().values()) {
            standardHelp(sub.getCommandSpec());
        }
    }

    private static OptionSpec.Builder inherited(String... names) {
        return OptionSpec.builder(names).scopeType(ScopeType.INHERIT);
    }

    /** A global option that takes a {@link GlobalOptions.Format} (text by default). */
    private static OptionSpec format(GlobalOptions g, String name, String description) {
        OptionField field = new OptionField(g, name);
        return inherited(name)
                .paramLabel("FORMAT")
                .description(description)
                .type(GlobalOptions.Format.class)
                .initialValue(GlobalOptions.Format.text)
                .getter(field)
                .setter(field)
                .build();
    }

    private static OptionSpec flag(GlobalOptions g, String name, String description) {
        OptionField b = new OptionField(g, name);
        return inherited(name)
                .description(description)
                .type(boolean.class)
                .initialValue(false)
                .getter(b)
                .setter(b)
                .build();
    }
}
