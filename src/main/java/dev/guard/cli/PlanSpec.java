package dev.guard.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The picocli model of {@code guard plan}, made with picocli's programmatic API as the root's and
 * validate's are ({@link CommandSpecs}, which says why: each annotation type read for the first time
 * costs a proxy class generated at run time). The options of its mixins are those {@link
 * RunbookOptions}, {@link FileOptions} and {@link ConnectionOptions} declare with annotations for
 * {@code run} and the other commands: the same names, labels, types, converters and descriptions
 * (their constants), added as mixins of the same names in the same order, so picocli parses, helps
 * and completes plan exactly as it did from the annotations. {@code PlanSpecTest} checks they agree
 * with run's.
 */
final class PlanSpec {
    private PlanSpec() {}

    static final String LIVE = "Also read the targets and check the guards (needs credentials; no change).";

    static final String SAVED_PLAN = "With --live (or --sandbox): save the plan for guard apply (JSON, 0600) — every"
            + " target with the state it was seen in — only when every guard passes.";

    static final String EXPIRES_IN =
            "With -o: how long the saved plan may be applied, e.g. 90m, 12h, 7d (default 24h, at most 7d).";

    /** {@code guard plan}: see {@link PlanCommand}. */
    static CommandSpec plan(PlanCommand command) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name("plan");
        spec.usageMessage()
                .description(
                        "Show what a runbook would do, offline: each step's account, region, selection, guards and"
                                + " confirmation, the credential strategy with its reason, and warnings. Makes no AWS"
                                + " call and needs no credentials.",
                        "With --live (or --sandbox, against a sandbox started for it) it also obtains the credentials,"
                                + " reads every target as it is now and checks the guards — everything a run does"
                                + " before its confirmation — and changes nothing.")
                .footerHeading("%nExamples:%n")
                .footer(
                        "  guard plan runbooks/terminate-dev-instance.yaml -p instanceId=i-0abc1234",
                        "  guard plan cleanup-dev-instances",
                        "  guard plan mixed-maintenance --params-file params.yaml --output json",
                        "  guard plan --sandbox cleanup-dev-instances      # the targets as the sandbox has them",
                        "  guard plan --live cleanup-dev-instances -o nightly.plan.json --expires-in 12h   # then:"
                                + " guard apply");
        // In the order of PlanCommand's fields, as picocli added them from its annotations.
        command.options = new RunbookOptions();
        spec.addMixin("options", runbookOptions(command.options));
        spec.addOption(flag(command, "--live", "<live>", LIVE));
        spec.addOption(value(command, "-o", "FILE", SAVED_PLAN).build());
        spec.addOption(value(command, "--expires-in", "DURATION", EXPIRES_IN).build());
        command.connection = new ConnectionOptions();
        spec.addMixin("connection", connectionOptions(command.connection));
        command.spec = spec;
        return spec;
    }

    /** {@link RunbookOptions} as a mixin: the runbook, -p, --params-file and {@link FileOptions}. */
    static CommandSpec runbookOptions(RunbookOptions options) {
        CommandSpec mixin = CommandSpec.wrapWithoutInspection(options);
        OptionField runbook = new OptionField(options, "RUNBOOK");
        mixin.addPositional(PositionalParamSpec.builder()
                .index("0")
                .required(true)
                .paramLabel("RUNBOOK")
                .descriptionKey("")
                .description(RunbookOptions.RUNBOOK)
                .type(String.class)
                .initialValue(options.runbook)
                .getter(runbook)
                .setter(runbook)
                .build());
        OptionField params = new OptionField(options, "--param");
        mixin.addOption(OptionSpec.builder("-p", "--param")
                .paramLabel("NAME=VALUE")
                .descriptionKey("")
                .description(RunbookOptions.PARAM)
                .type(List.class)
                .auxiliaryTypes(String.class)
                .initialValue(options.params)
                .getter(params)
                .setter(params)
                .build());
        mixin.addOption(value(options, "--params-file", "FILE", RunbookOptions.PARAMS_FILE)
                .build());
        options.files = new FileOptions();
        mixin.addMixin("files", fileOptions(options.files));
        return mixin;
    }

    /** {@link FileOptions} as a mixin. */
    static CommandSpec fileOptions(FileOptions files) {
        CommandSpec mixin = CommandSpec.wrapWithoutInspection(files);
        mixin.addOption(CommandSpecs.allowFilesFrom(files).descriptionKey("").build());
        return mixin;
    }

    /** {@link ConnectionOptions} as a mixin. */
    static CommandSpec connectionOptions(ConnectionOptions c) {
        CommandSpec mixin = CommandSpec.wrapWithoutInspection(c);
        mixin.addOption(flag(c, "--sandbox", "<sandbox>", ConnectionOptions.SANDBOX));
        mixin.addOption(value(c, "--sandbox-user", "USER", ConnectionOptions.SANDBOX_USER)
                .build());
        mixin.addOption(value(c, "--sandbox-seed", "FILE", ConnectionOptions.SANDBOX_SEED)
                .build());
        mixin.addOption(value(c, "--sandbox-accounts", "N", ConnectionOptions.SANDBOX_ACCOUNTS)
                .type(Integer.class)
                .converters(new SandboxOptions.AccountCount())
                .build());
        mixin.addOption(value(c, "--speed", "FACTOR", ConnectionOptions.SPEED)
                .converters(new SandboxOptions.SpeedText())
                .build());
        mixin.addOption(value(c, "--profile", "NAME", ConnectionOptions.PROFILE).build());
        mixin.addOption(value(c, "--endpoint-url", "URL", ConnectionOptions.ENDPOINT_URL)
                .build());
        mixin.addOption(
                value(c, "--mfa-code", "CODE", ConnectionOptions.MFA_CODE).build());
        mixin.addOption(value(c, "--mfa-command", "COMMAND", ConnectionOptions.MFA_COMMAND)
                .build());
        mixin.addOption(flag(c, "--no-session-cache", "<noSessionCache>", ConnectionOptions.NO_SESSION_CACHE));
        return mixin;
    }

    /** A boolean option; its label is the one picocli gives a field, never shown. */
    private static OptionSpec flag(Object owner, String name, String label, String description) {
        OptionField field = new OptionField(owner, name);
        return OptionSpec.builder(name)
                .paramLabel(label)
                .descriptionKey("")
                .description(description)
                .type(boolean.class)
                .initialValue(field.value())
                .getter(field)
                .setter(field)
                .build();
    }

    /** An option with one String value (unless the caller changes its type). */
    private static OptionSpec.Builder value(Object owner, String name, String label, String description) {
        OptionField field = new OptionField(owner, name);
        return OptionSpec.builder(name)
                .paramLabel(label)
                .descriptionKey("")
                .description(description)
                .type(String.class)
                .initialValue(field.value())
                .getter(field)
                .setter(field);
    }
}
