package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.config.Environment;
import dev.guard.term.ScriptedTerminal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * plan's model is built without annotations ({@link PlanSpec}); run's mixins keep theirs. The
 * options they share must not drift: same mixins, options in the same order, with the same names,
 * arity, labels, descriptions, types, converters and initial values, whether plan is built alone or
 * with every command (help, completion).
 */
class PlanSpecTest {
    private static final Context CONTEXT = new Context(Environment.system(), new ScriptedTerminal(false), false);

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void plansSharedOptionsAreRunsOptions(boolean alone) {
        CommandSpec plan = command(alone ? Main.commandLine(CONTEXT, "plan") : Main.commandLine(CONTEXT), "plan");
        CommandSpec run = command(Main.commandLine(CONTEXT), "run");

        for (String mixin : List.of("options", "connection")) {
            assertThat(described(plan.mixins().get(mixin)))
                    .as(mixin)
                    .isNotEmpty()
                    .isEqualTo(described(run.mixins().get(mixin)));
        }
        assertThat(described(plan.mixins().get("options").mixins().get("files")))
                .isEqualTo(described(run.mixins().get("options").mixins().get("files")))
                .isEqualTo(allowFilesFrom(command(Main.commandLine(CONTEXT, "validate"), "validate")));
        assertThat(plan.mixins().keySet()).containsExactly("options", "connection");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void plansOwnOptionsComeBetweenItsMixinsAsTheirFieldsDid(boolean alone) {
        CommandSpec plan = command(alone ? Main.commandLine(CONTEXT, "plan") : Main.commandLine(CONTEXT), "plan");

        List<String> names = new ArrayList<>();
        for (OptionSpec o : plan.options()) {
            names.add(o.longestName());
        }
        assertThat(names)
                .startsWith(
                        "--param", "--params-file", "--allow-files-from", "--live", "-o", "--expires-in", "--sandbox")
                .contains("--no-session-cache", "--help", "--version", "--config");
        assertThat(plan.userObject()).isInstanceOf(PlanCommand.class);
        PlanCommand command = (PlanCommand) plan.userObject();
        assertThat(command.spec).isSameAs(plan);
        assertThat(command.options.files).isNotNull();
        assertThat(command.connection.sandboxUser).isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void everyOptionReachesItsField(boolean alone) {
        CommandLine root = alone ? Main.commandLine(CONTEXT, "plan") : Main.commandLine(CONTEXT);
        root.parseArgs(
                "plan",
                "rb.yaml",
                "-p",
                "a=1",
                "--param=b=2",
                "--params-file",
                "p.yaml",
                "--allow-files-from",
                "d",
                "--live",
                "-o",
                "out.json",
                "--expires-in",
                "2h",
                "--sandbox",
                "--sandbox-user",
                "bob",
                "--sandbox-seed",
                "seed.yaml",
                "--sandbox-accounts",
                "3",
                "--speed",
                "0",
                "--profile",
                "prof",
                "--endpoint-url",
                "http://x",
                "--mfa-code",
                "123456",
                "--mfa-command",
                "cmd",
                "--no-session-cache");
        PlanCommand p = (PlanCommand) command(root, "plan").userObject();

        assertThat(p.options.runbook).isEqualTo("rb.yaml");
        assertThat(p.options.params).containsExactly("a=1", "b=2");
        assertThat(p.options.paramsFile).isEqualTo("p.yaml");
        assertThat(p.options.files.allowFilesFrom).containsExactly("d");
        assertThat(List.of(p.live, p.connection.sandbox, p.connection.noSessionCache))
                .containsOnly(true);
        assertThat(Arrays.asList(p.savedPlan, p.expiresIn, p.connection.sandboxUser, p.connection.sandboxSeed))
                .containsExactly("out.json", "2h", "bob", "seed.yaml");
        assertThat(p.connection.sandboxAccounts).isEqualTo(3);
        assertThat(Arrays.asList(
                        p.connection.sandboxSpeed,
                        p.connection.profile,
                        p.connection.endpointUrl,
                        p.connection.mfaCode,
                        p.connection.mfaCommand))
                .containsExactly("0", "prof", "http://x", "123456", "cmd");
        assertThat(p.hookFree()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--live", "--sandbox", "-o=x.json", "--expires-in=1h"})
    void onlyAnOfflinePlanMayHalt(String online) {
        CommandLine offline = Main.commandLine(CONTEXT, "plan");
        offline.parseArgs("plan", "rb.yaml", "-p", "a=1", "--output", "json");
        CommandLine other = Main.commandLine(CONTEXT, "plan");
        other.parseArgs("plan", "rb.yaml", online);

        assertThat(((PlanCommand) command(offline, "plan").userObject()).hookFree())
                .isTrue();
        assertThat(((PlanCommand) command(other, "plan").userObject()).hookFree())
                .isFalse();
    }

    /** validate's --allow-files-from, declared in {@link CommandSpecs#validate}. */
    private static List<String> allowFilesFrom(CommandSpec validate) {
        List<String> out = new ArrayList<>();
        for (String d : described(validate)) {
            if (d.startsWith("--allow-files-from ")) {
                out.add(d);
            }
        }
        return out;
    }

    private static CommandSpec command(CommandLine root, String name) {
        return root.getSubcommands().get(name).getCommandSpec();
    }

    /** Everything picocli parses, helps and completes an option or parameter by, as text. */
    private static List<String> described(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        for (ArgSpec a : spec.args()) {
            String names = a instanceof OptionSpec o
                    ? String.join(",", o.names()) + " order=" + o.order() + " negatable=" + o.negatable()
                    : "index=" + ((CommandLine.Model.PositionalParamSpec) a).index();
            List<String> converters = new ArrayList<>();
            for (var c : a.converters()) {
                converters.add(c.getClass().getName());
            }
            out.add(names + " arity=" + a.arity() + " label=" + a.paramLabel() + " type="
                    + a.type().getName()
                    + " aux=" + Arrays.toString(a.auxiliaryTypes()) + " converters=" + converters
                    + " initial=" + a.initialValue() + " default=" + a.defaultValue() + " required=" + a.required()
                    + " hidden=" + a.hidden() + " split=" + a.splitRegex() + " scope=" + a.scopeType()
                    + " description=" + Arrays.toString(a.description()));
        }
        return out;
    }
}
