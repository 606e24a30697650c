package dev.guard.cli;

import dev.guard.auth.BaseIdentity;
import dev.guard.credentials.Connection;
import dev.guard.credentials.SessionCache;
import dev.guard.credentials.SessionLookup;
import dev.guard.plan.Plan;
import dev.guard.plan.PlanBuilder;
import java.util.Optional;

/**
 * The plan as the run will carry it out, decided offline: the MFA device the run will use (a
 * sandbox user's own), a cached MFA session that will spare the prompt (found by {@link
 * SessionLookup}), and whether {@code --yes} will stand in for the confirmations. The plan says
 * what will happen; the run then confirms it in its "Credentials:" lines.
 *
 * @param cached the cached MFA session the run will most likely use
 * @param yesConfirms {@code --yes} will confirm the steps (no terminal, unattended runbook)
 * @param approvers who approved the saved plan being applied: their typed confirmations, at
 *     approval time, stand in for every step's
 */
record PlanPreview(
        Plan plan, Optional<SessionCache.Entry> cached, boolean yesConfirms, java.util.List<String> approvers) {
    PlanPreview(Plan plan, Optional<SessionCache.Entry> cached, boolean yesConfirms) {
        this(plan, cached, yesConfirms, java.util.List.of());
    }

    /** The same preview, of a saved plan these people approved. */
    PlanPreview approvedBy(java.util.List<String> who) {
        return new PlanPreview(plan, cached, yesConfirms, java.util.List.copyOf(who));
    }

    /** A plan shown as it is: nothing known about the run that follows. */
    static PlanPreview of(Plan plan) {
        return new PlanPreview(plan, Optional.empty(), false);
    }

    static PlanPreview of(Session session, ConnectionOptions connection, Plan plan, boolean yes) {
        SessionLookup.Wanted wanted = wanted(plan);
        Optional<Connection> shell = session.context.shell();
        SessionLookup.Found found;
        if (shell.isPresent()) {
            // Every command in a shell uses the shell's connection, whatever its own options say.
            found = lookup(session).inShell(shell.get(), wanted);
        } else {
            found = new SessionLookup.Found(
                    connection.sandbox ? SandboxConnection.device(connection, session) : plan.mfaDevice(),
                    connection.sandbox || connection.noSessionCache
                            ? Optional.empty()
                            : lookup(session)
                                    .onDisk(
                                            wanted,
                                            Optional.ofNullable(connection.endpointUrl),
                                            Optional.ofNullable(connection.profile)));
        }
        boolean yesConfirms = yes && !session.context.terminal().interactive();
        Plan shown = plan;
        if (!found.device().equals(plan.mfaDevice()) || found.cached().isPresent()) {
            shown = new PlanBuilder(session.actions(), session.config(), session.context.env())
                    .offlineAs(plan, found.device(), found.cached().isPresent());
        }
        return new PlanPreview(shown, found.cached(), yesConfirms);
    }

    /**
     * {@code apply --runner}: the runner's own identity, decided offline as the run will decide it
     * once GetCallerIdentity names the runner (runner roles without MFA, never a code or a cached
     * session); the approvals stand in for the confirmations.
     */
    static PlanPreview forRunner(Session session, Plan plan) {
        Plan shown = new PlanBuilder(session.actions(), session.config(), session.context.env())
                .forRunner(plan, BaseIdentity.unknown());
        return new PlanPreview(shown, Optional.empty(), false);
    }

    /** An offline {@code guard plan}: the cache as a run with the same environment would find it. */
    static PlanPreview offline(Session session, Plan plan) {
        Optional<SessionCache.Entry> cached = lookup(session).onDisk(wanted(plan), Optional.empty(), Optional.empty());
        if (cached.isEmpty()) {
            return of(plan);
        }
        Plan shown = new PlanBuilder(session.actions(), session.config(), session.context.env())
                .offlineAs(plan, plan.mfaDevice(), true);
        return new PlanPreview(shown, cached, false);
    }

    private static SessionLookup.Wanted wanted(Plan plan) {
        return SessionLookup.Wanted.of(
                plan.credentials(), plan.mfaDevice(), plan.runbook().mfa());
    }

    private static SessionLookup lookup(Session session) {
        return new SessionLookup(session.context.env(), session.warnings());
    }
}
