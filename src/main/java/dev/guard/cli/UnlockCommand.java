package dev.guard.cli;

import dev.guard.config.GuardConfig;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.lock.LockDirectory;
import dev.guard.lock.LockTable;
import dev.guard.lock.SharedLock;
import dev.guard.term.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code guard unlock}: the run locks, and clearing one a run that died left behind. */
@Command(
        name = "unlock",
        description = {
            "List the run locks on this machine (each with its id, resource, owner, and whether a live process holds"
                    + " it, a dead one left it, or it is free), or clear one a run that died left behind. A lock a"
                    + " running guard run holds is never cleared (exit 7).",
            "Before clearing, check what the dead run did: it may have stopped half-way (guard audit verify names it).",
            "With --shared KEY: clear a stale item (no heartbeat for 60 s) in the DynamoDB lock table (locks: in the"
                    + " config), read and deleted with your base credentials."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guard unlock                       # list",
            "  guard unlock 3f2a9c0d1e2b          # clear one left by a dead run, by the id the list shows",
            "  guard unlock --all-stale",
            "  guard unlock --shared 'aws 444444444444 us-east-1 s3 bucket guard-protected-artifacts'"
        })
final class UnlockCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "KEY|ID",
            description = "The lock to clear: its id from the list, or its resource key.")
    String lock;

    @Option(names = "--all-stale", description = "Clear every lock left by a guard run that no longer runs here.")
    boolean allStale;

    @Option(
            names = "--shared",
            description = "Clear KEY in the shared DynamoDB lock table instead, when its holder stopped sending"
                    + " heartbeats.")
    boolean shared;

    // Only what reaching the lock table needs: it is read with the base credentials, never with MFA.
    @Option(
            names = "--profile",
            paramLabel = "NAME",
            description = "With --shared: the AWS profile holding your base credentials (default: AWS_PROFILE, the"
                    + " config's identity.sourceProfile, then the SDK's default chain).")
    String profile;

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            description = "With --shared: send the DynamoDB calls to this endpoint (also: AWS_ENDPOINT_URL).")
    String endpointUrl;

    @Spec
    CommandSpec spec;

    private final Context context;

    UnlockCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        if (allStale && (lock != null || shared)) {
            throw GuardException.invalid("guard unlock: --all-stale clears local locks and takes no KEY or --shared");
        }
        if (shared && lock == null) {
            throw GuardException.invalid("guard unlock --shared: name the KEY to clear (the refused run printed it)");
        }
        LockDirectory locks = new LockDirectory(context.env().stateHome().resolve("guard/locks"), Clock.systemUTC());
        if (shared) {
            return said(session, List.of(clearShared(session)));
        }
        if (allStale) {
            List<String> cleared = locks.clearAllStale();
            return said(session, cleared.isEmpty() ? List.of("no lock was left by a dead run") : cleared);
        }
        if (lock != null) {
            return said(session, List.of(locks.clear(lock)));
        }
        return list(session, locks.list());
    }

    private String clearShared(Session session) {
        GuardConfig.Locks table = session.config()
                .locks()
                .orElseThrow(() -> GuardException.invalid(
                        "guard unlock --shared: the config has no locks: {table, account, region}"));
        ConnectionOptions connection = new ConnectionOptions();
        connection.profile = profile;
        connection.endpointUrl = endpointUrl;
        try (Connections.Opened opened = Connections.openFor("unlock", connection, session);
                LockTable.Connected connected = LockTable.connect(opened.connection(), table, Duration.ofSeconds(30))) {
            return SharedLock.clear(connected.table(), lock, SharedLock.Timing.DEFAULT, Clock.systemUTC());
        }
    }

    private static int said(Session session, List<String> lines) {
        if (session.global.json()) {
            Json.write(session.out(), Map.of("messages", lines));
        } else {
            lines.forEach(l -> session.out().println(Printable.of(l)));
        }
        session.out().flush();
        return ExitCode.OK;
    }

    private int list(Session session, List<LockDirectory.Entry> entries) {
        PrintWriter out = session.out();
        if (session.global.json()) {
            Json.write(
                    out,
                    Map.of("locks", entries.stream().map(UnlockCommand::json).toList()));
            out.flush();
            return ExitCode.OK;
        }
        Path dir = context.env().stateHome().resolve("guard/locks");
        if (entries.isEmpty()) {
            out.println(Printable.of("no run locks in " + dir));
        } else {
            out.println(String.format("%-12s  %-22s  %s", "ID", "STATE", "RESOURCE"));
        }
        for (LockDirectory.Entry e : entries) {
            out.println(Printable.of(String.format(
                    "%-12s  %-22s  %s",
                    e.id(), e.state().words(), e.key().orElse("(not named: released by an older guard)"))));
            e.owner().ifPresent(o -> out.println(Printable.of("              " + o)));
        }
        session.config()
                .locks()
                .ifPresent(t -> out.println(Printable.of("Shared locks are items in DynamoDB table " + t.table() + " ("
                        + t.region() + "); guard unlock --shared KEY clears a stale one.")));
        out.flush();
        return ExitCode.OK;
    }

    private static Map<String, Object> json(LockDirectory.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("key", e.key().orElse(null));
        m.put("state", e.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("owner", e.owner().orElse(null));
        m.put("file", e.file().toString());
        return m;
    }
}
