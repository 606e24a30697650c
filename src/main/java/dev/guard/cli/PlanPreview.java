package dev.guard.cli;

import dev.guard.auth.MfaDevice;
import dev.guard.credentials.Connection;
import dev.guard.credentials.SessionCache;
import dev.guard.plan.Plan;
import dev.guard.plan.PlanBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The plan as the run will carry it out, decided offline: the MFA device the run will use (a
 * sandbox user's own), a cached MFA session that will spare the prompt (reading the local cache
 * is no AWS call), and whether {@code --yes} will stand in for the confirmations. The plan says
 * what will happen; the run then confirms it in its "Credentials:" lines.
 *
 * @param cached the cached MFA session the run will most likely use
 * @param yesConfirms {@code --yes} will confirm the steps (no terminal, unattended runbook)
 */
record PlanPreview(Plan plan, Optional<SessionCache.Entry> cached, boolean yesConfirms) {
    /** A plan shown as it is: nothing known about the run that follows. */
    static PlanPreview of(Plan plan) {
        return new PlanPreview(plan, Optional.empty(), false);
    }

    static PlanPreview of(Session session, ConnectionOptions connection, Plan plan, boolean yes) {
        MfaDevice device;
        Optional<SessionCache.Entry> cached;
        Optional<Connection> shell = session.context.shell();
        if (shell.isPresent()) {
            // Every command in a shell uses the shell's connection, whatever its own options say.
            device = shell.get().device().orElse(plan.mfaDevice());
            cached = plan.credentials().mfaPrompts() == 0
                    ? Optional.empty()
                    : Connections.shellSession(shell.get(), maxAge(plan))
                            .or(() -> shell.filter(Connection::cacheSessions)
                                    .flatMap(
                                            c -> cachedSession(session, plan, Optional.of(c.endpointName()), "shell")));
        } else {
            device = connection.sandbox ? SandboxConnection.device(connection, session) : plan.mfaDevice();
            cached = connection.sandbox || connection.noSessionCache
                    ? Optional.empty()
                    : cachedSession(session, plan, Optional.ofNullable(connection.endpointUrl), connection.profile);
        }
        boolean yesConfirms = yes && !session.context.terminal().interactive();
        Plan shown = plan;
        if (!device.equals(plan.mfaDevice()) || cached.isPresent()) {
            shown = new PlanBuilder(session.actions(), session.config(), session.context.env())
                    .offlineAs(plan, device, cached.isPresent());
        }
        return new PlanPreview(shown, cached, yesConfirms);
    }

    /** An offline {@code guard plan}: the cache as a run with the same environment would find it. */
    static PlanPreview offline(Session session, Plan plan) {
        Optional<SessionCache.Entry> cached = cachedSession(session, plan, Optional.empty(), null);
        if (cached.isEmpty()) {
            return of(plan);
        }
        Plan shown = new PlanBuilder(session.actions(), session.config(), session.context.env())
                .offlineAs(plan, plan.mfaDevice(), true);
        return new PlanPreview(shown, cached, false);
    }

    private static Optional<SessionCache.Entry> cachedSession(
            Session session, Plan plan, Optional<String> endpointUrl, String profile) {
        if (plan.credentials().mfaPrompts() == 0) {
            return Optional.empty();
        }
        var env = session.context.env();
        Path dir = env.cacheHome().resolve("guard/sessions");
        if (!Files.isDirectory(dir)) {
            return Optional.empty(); // nothing cached: not worth loading the cache's classes
        }
        String endpoint = endpointUrl
                .or(() -> env.get("AWS_ENDPOINT_URL").filter(u -> !u.isBlank()))
                .orElse("aws");
        // Exported keys are known without any call; a profile's are known only once resolved.
        Optional<String> keys = profile == null
                        && env.get("AWS_PROFILE").filter(p -> !p.isBlank()).isEmpty()
                ? env.get("AWS_ACCESS_KEY_ID").filter(k -> !k.isBlank())
                : Optional.empty();
        return new SessionCache(dir, line -> {
                    session.err().println("guard: " + line);
                    session.err().flush();
                })
                .likely(endpoint, plan.mfaDevice().serial(), keys, Instant.now(), maxAge(plan));
    }

    private static Optional<Duration> maxAge(Plan plan) {
        return plan.runbook().mfa().maxAgeSeconds().stream()
                .mapToObj(Duration::ofSeconds)
                .findFirst();
    }
}
