package dev.guard.cli;

import dev.guard.credentials.CallerSession;
import dev.guard.credentials.Doctor;
import dev.guard.error.ExitCode;
import dev.guard.json.Json;
import dev.guard.term.Printable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        Session session = new Session(context, spec.commandLine());
        boolean json = session.global.json();
        PrintWriter out = session.out();
        List<Doctor.Check> checks = new ArrayList<>();
        boolean checkedAll;
        try (Connections.Opened opened = Connections.openFor("doctor", connection, session);
                CallerSession cs = session.callerSession(opened.connection())) {
            checkedAll = new Doctor(cs, session.config(), session.sessionCache(), check -> {
                        checks.add(check);
                        if (!json) {
                            out.println(PREFIX.get(check.status()) + Printable.of(check.message()));
                        }
                    })
                    .run();
        }
        long failures =
                checks.stream().filter(c -> c.status() == Doctor.Status.FAIL).count();
        int exit = failures == 0 ? ExitCode.OK : ExitCode.AUTH_FAILED;
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("exitCode", exit);
            doc.put("failures", failures);
            doc.put(
                    "checks",
                    checks.stream()
                            .map(c -> Map.of(
                                    "status", c.status().name().toLowerCase(Locale.ROOT), "message", c.message()))
                            .toList());
            doc.put("note", Doctor.NOTE);
            Json.write(out, doc);
        } else if (checkedAll) {
            out.println();
            out.println("note  " + Doctor.NOTE);
        }
        out.flush();
        return exit;
    }

    private static final Map<Doctor.Status, String> PREFIX =
            Map.of(Doctor.Status.OK, "ok    ", Doctor.Status.WARN, "warn  ", Doctor.Status.FAIL, "FAIL  ");
}
