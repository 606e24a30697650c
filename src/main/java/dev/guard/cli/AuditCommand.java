package dev.guard.cli;

import dev.guard.audit.AuditLog;
import dev.guard.audit.AuditReader;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.term.Printable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard audit verify|path|show}: the hash-chained audit log. */
@Command(
        name = "audit",
        subcommands = AuditShowCommand.class,
        description = {
            "The audit log: every run's start, credentials (never a secret or code), targets, confirmations,"
                    + " outcomes and end, one JSON line each, each line holding the SHA-256 of the one before it.",
            "  verify   check the chain: exit 0 when intact, 1 naming the first line where it breaks; also"
                    + " lists runs that started and never ended (interrupted: killed or crashed)",
            "  path     print where the log is (audit.path in the config)",
            "  show     the log as a person reads it, one run per block (guard audit show --help)"
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard audit verify", "  guard audit show --since 2h", "  tail -n 5 \"$(guard audit path)\""})
final class AuditCommand implements Callable<Integer> {
    // Optional to picocli, which otherwise wants it even before the show subcommand.
    @Parameters(index = "0", arity = "0..1", paramLabel = "verify|path", description = "What to do.")
    String action;

    @Option(names = "--file", paramLabel = "FILE", description = "Another log than the config's audit.path.")
    String file;

    @Spec
    CommandSpec spec;

    private final Context context;

    AuditCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (action == null) {
            throw GuardException.invalid("guard audit: expected verify, path or show (guard audit --help)");
        }
        Session session = new Session(context, spec.commandLine());
        Path log = file == null ? session.config().auditLog() : context.env().resolve(file);
        int exit = switch (action) {
            case "path" -> path(session, log);
            case "verify" -> verify(session, log);
            default -> throw GuardException.invalid("guard audit " + action + ": expected verify, path or show");
        };
        session.out().flush();
        return exit;
    }

    private static int path(Session session, Path log) {
        if (session.global.json()) {
            Json.write(session.out(), Map.of("path", log.toString()));
        } else {
            session.out().println(log);
        }
        return ExitCode.OK;
    }

    private static int verify(Session session, Path log) {
        AuditLog.Verification v = AuditReader.verify(log);
        var out = session.out();
        boolean json = session.global.json();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("path", log.toString());
            doc.put("intact", v.intact());
            doc.put("records", v.lines());
            doc.put("problems", v.problems());
            if (v.intact()) {
                doc.put("head", v.head());
            }
            Json.write(out, doc);
        }
        if (!v.intact()) {
            v.problems().forEach(p -> session.diagnostics().line(true, "guard: " + Printable.of(p), p));
            return ExitCode.ACTION_FAILED;
        }
        if (json) {
            return ExitCode.OK;
        }
        int interrupted = v.interrupted().size();
        out.println("ok: " + v.lines() + " records in " + log + ", chain intact"
                + (interrupted == 0
                        ? ""
                        : "; " + interrupted + " run" + (interrupted == 1 ? " was" : "s were")
                                + " interrupted (no run.end)"));
        // A killed run writes no run.end: what it did is known up to its last record.
        v.unfinished().forEach(u -> out.println((u.interrupted() ? "interrupted: " : "unfinished: ") + u.describe()));
        // Kept elsewhere, the head proves later that nothing before it was rewritten.
        out.println("head: " + v.head());
        return ExitCode.OK;
    }
}
