package dev.guard.cli;

import dev.guard.access.AccessAudit;
import dev.guard.access.AccessCredentials;
import dev.guard.error.GuardException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code exec}, {@code env} and {@code credential-process}: the same options, the same way to the
 * credentials ({@link AdHocAccessRun}); each only uses them its own way.
 */
abstract class AdHocAccessCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    AccessOptions access;

    @Spec
    CommandSpec spec;

    final Context context;
    private final AccessAudit.Kind kind;

    AdHocAccessCommand(Context context, AccessAudit.Kind kind) {
        this.context = context;
        this.kind = kind;
    }

    @Override
    public final Integer call() {
        Session session = new Session(context, spec.commandLine());
        if (session.global.json() && kind != AccessAudit.Kind.CREDENTIAL_PROCESS) {
            // Refused rather than ignored: a script asking for JSON would otherwise parse export lines.
            throw GuardException.invalid("guard " + kind.word() + " has no --output json: "
                    + (kind == AccessAudit.Kind.ENV
                            ? "guard credential-process prints the credentials as JSON"
                            : "what it prints is its command's"));
        }
        check();
        return AdHocAccessRun.run(session, connection, access, kind, auditedCommand(), c -> use(session, c));
    }

    /** Refuses what can be known wrong before any credential is obtained or audited. */
    void check() {}

    /** The command's name, for the audit log; none where nothing is run. */
    Optional<String> auditedCommand() {
        return Optional.empty();
    }

    /** Before secrets are printed where a person would see them (stdout is a terminal): says so on stderr. */
    void warnOnTerminal(Session session, String why) {
        if (context.stdoutIsTerminal()) {
            session.warning(why);
            session.err().flush();
        }
    }

    /** Uses the credentials while the connection is open; returns guard's exit code. */
    abstract int use(Session session, AccessCredentials credentials);
}
