package dev.guard.cli;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code guard logout}: forget every cached MFA session. */
@Command(
        name = "logout",
        description = {
            "Delete every cached MFA session (all identities), so the next run asks for a code. Nothing is sent to"
                    + " AWS: the sessions stay valid until they expire, but nobody on this machine holds them any more."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  guard logout"})
final class LogoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Context context;

    LogoutCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Session session = new Session(context, spec.commandLine());
        var cache = session.sessionCache();
        int removed;
        try {
            removed = cache.clear();
        } catch (IOException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not clear the session cache " + cache.directory() + ": " + e.getMessage());
        }
        // Inside a sandbox shell the session lives in the shell's memory: forgotten too, or the
        // shell would go on acting with it after a logout.
        boolean inMemory = context.shell()
                .flatMap(c -> c.memorySessions())
                .filter(m -> m.usable().isPresent())
                .map(m -> {
                    m.forget();
                    return true;
                })
                .orElse(false);
        if (inMemory) {
            removed++;
        }
        if (session.global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("removed", removed);
            doc.put("directory", cache.directory().toString());
            Json.write(session.out(), doc);
            return ExitCode.OK;
        }
        session.out()
                .println(
                        removed == 0
                                ? "No cached MFA session (" + cache.directory() + ")."
                                : "Removed " + removed + " cached MFA session" + (removed == 1 ? "" : "s") + " from "
                                        + (inMemory ? "this shell's memory and " : "")
                                        + cache.directory() + ".");
        session.out().flush();
        return ExitCode.OK;
    }
}
