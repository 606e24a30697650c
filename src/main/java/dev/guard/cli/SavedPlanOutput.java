package dev.guard.cli;

import dev.guard.credentials.Connection;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.run.Executor;
import dev.guard.saved.Expiry;
import dev.guard.saved.PlanCapture;
import dev.guard.saved.SavedPlan;
import dev.guard.saved.SavedPlanBody;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code guard plan --live -o FILE}: the live plan, then — only when every guard passes — the saved
 * plan written for {@code guard apply} and where it went, its id, digest and expiry.
 */
final class SavedPlanOutput {
    private SavedPlanOutput() {}

    static int save(
            Session session,
            RunbookOptions options,
            ConnectionOptions connection,
            boolean online,
            String file,
            String expiresIn) {
        if (file == null) {
            throw GuardException.invalid("--expires-in applies to a saved plan: give -o FILE too");
        }
        if (!online) {
            throw GuardException.invalid("plan -o saves what was seen, and an offline plan has seen no target to"
                    + " fingerprint: add --live (or --sandbox). Nothing was written");
        }
        Duration expiry = expiresIn == null ? Expiry.DEFAULT : Expiry.parse(expiresIn);
        Path out = writableFile(session, file);
        var plan = session.plan(options, false, connection);
        PlanCapture capture = new PlanCapture();
        String[] endpoint = {"aws"};
        LiveRun.Extras extras = new LiveRun.Extras(
                capture.savedRun(),
                a -> a,
                c -> endpoint[0] = endpointOf(c),
                report -> report.exitCode() == ExitCode.OK
                        ? written(
                                session,
                                SavedPlan.seal(body(session, options, plan, capture, endpoint[0], expiry)),
                                out)
                        : notSaved(session, out),
                Optional.empty());
        return LiveRun.runAndReport(
                session,
                connection,
                plan,
                Executor.Mode.DISCOVER,
                false,
                false,
                java.time.Duration.ZERO,
                () -> {},
                extras);
    }

    /** {@code -o FILE} as a path a plan can be written to: refused before any AWS call when it cannot. */
    private static Path writableFile(Session session, String file) {
        Path out = session.context.env().resolve(file);
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw GuardException.invalid("-o " + file + ": no such directory " + dir + "; nothing was written");
        }
        if (Files.isDirectory(out)) {
            throw GuardException.invalid("-o " + file + ": is a directory; name a file");
        }
        return out;
    }

    private static Map<String, Object> notSaved(Session session, Path out) {
        PrintWriter human = session.diagnostics().human(session.out(), session.global.json());
        human.println("No plan was saved to " + out + ": a plan is saved only when every guard passes");
        human.flush();
        return Map.of();
    }

    private static Map<String, Object> body(
            Session session,
            RunbookOptions options,
            dev.guard.plan.Plan plan,
            PlanCapture capture,
            String endpoint,
            Duration expiry) {
        List<String> allowFrom = options.files.allowFilesFrom.stream()
                .map(d -> session.context.env().resolve(d).toAbsolutePath().toString())
                .toList();
        return SavedPlanBody.of(
                plan,
                capture,
                new SavedPlanBody.Origin(
                        endpoint, session.config().source(), session.config().planDigest(), allowFrom),
                Clock.systemUTC().instant(),
                expiry);
    }

    /** Where a plan was made, as a saved plan names it: a sandbox started for the command is "sandbox". */
    static String endpointOf(Connection c) {
        return c.privateSandbox() ? "sandbox" : c.endpointName();
    }

    private static Map<String, Object> written(Session session, SavedPlan saved, Path out) {
        try {
            saved.write(out);
        } catch (IOException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED, "could not write the saved plan " + out + " (" + e.getMessage() + ")");
        }
        var human = session.global.json() ? session.err() : session.out();
        List.of(
                        "Saved plan " + saved.id() + " to " + out + " (0600)",
                        "  digest:  " + saved.digest(),
                        "  expires: " + saved.expiresAt() + " (made " + saved.createdAt() + ")",
                        saved.body().string("endpoint").equals("sandbox")
                                ? "  note:    made against a sandbox started for this command, which is gone: no apply"
                                        + " can match it (start guard sandbox and use --endpoint-url to rehearse apply)"
                                : "  apply:   guard apply " + out)
                .forEach(l -> human.println(dev.guard.term.Printable.of(l)));
        human.flush();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", out.toString());
        m.put("id", saved.id());
        m.put("digest", saved.digest());
        m.put("createdAt", saved.createdAt().toString());
        m.put("expiresAt", saved.expiresAt().toString());
        return Map.of("savedPlan", m);
    }
}
