package dev.guard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code guard doctor}: what would make a run fail or be less safe than it looks, found before
 * the run. Each check prints {@code ok}, {@code warn} or {@code FAIL}; exit 4 when a check fails.
 */
@Command(
        name = "doctor",
        description = {
            "Check the config, who your base credentials are, the MFA device, your clock against the endpoint's,"
                    + " and — with your cached MFA session (guard login), as each role — every target role's trust"
                    + " policy: a role guard uses for destructive steps that does NOT require MFA is a warning.",
            "Exit code 0 when nothing failed (warnings allowed), 4 when a check failed."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard doctor", "  guard login && guard doctor      # also reads the roles' trust policies"})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    private final Context context;

    DoctorCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        return new Doctor(new Session(context, spec.commandLine()), connection).run();
    }
}
