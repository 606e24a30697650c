package dev.guard.saved;

import dev.guard.action.Target;
import dev.guard.auth.StepCredentials;
import dev.guard.error.GuardException;
import dev.guard.plan.Plan;
import dev.guard.plan.PlannedStep;
import dev.guard.run.TargetSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The body of a saved plan, from a live plan whose every guard passed: what {@code guard apply}
 * checks the world against and what {@code guard approve} shows. Its field names are fixed (other
 * commands read them).
 */
public final class SavedPlanBody {
    private SavedPlanBody() {}

    /**
     * Where and as whom the plan was made.
     *
     * @param endpoint "aws", or the endpoint URL the plan read
     * @param config the config file read, if any
     * @param allowFilesFrom {@code --allow-files-from}, absolute, so apply reads the same local files
     */
    public record Origin(String endpoint, Optional<Path> config, String configDigest, List<String> allowFilesFrom) {}

    /** The body to seal: every field but {@code format} and {@code digest}. */
    public static Map<String, Object> of(
            Plan plan, PlanCapture capture, Origin origin, Instant now, Duration expiresIn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", UUID.randomUUID().toString());
        Map<String, Object> runbook = new LinkedHashMap<>();
        runbook.put("name", plan.runbook().name());
        runbook.put("path", plan.runbook().source().toAbsolutePath().normalize().toString());
        runbook.put("sha256", plan.runbook().sha256());
        body.put("runbook", runbook);
        body.put("parameters", new LinkedHashMap<>(plan.parameters()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(
                "path",
                origin.config()
                        .map(p -> p.toAbsolutePath().normalize().toString())
                        .orElse(null));
        // What decides the plan in the config, not its bytes: the runner's config file differs from
        // the operator's (identity, audit path) and may live elsewhere (GuardConfig.planDigest).
        config.put("planDigest", origin.configDigest());
        body.put("config", config);
        String arn = capture.caller().orElseThrow(() -> new IllegalStateException("the run named no caller"));
        Map<String, Object> caller = new LinkedHashMap<>();
        caller.put("arn", arn);
        caller.put("account", accountOf(arn));
        body.put("caller", caller);
        body.put("endpoint", origin.endpoint());
        body.put("files", Map.of("allowFrom", List.copyOf(origin.allowFilesFrom())));
        body.put("credentials", credentials(plan));
        List<Object> steps = new ArrayList<>();
        for (PlannedStep s : plan.steps()) {
            steps.add(step(s, capture.step(s.step().id()).orElseThrow()));
        }
        // The approval policy travels with the plan: approvals and apply check it against the runbook's.
        plan.runbook().approval().ifPresent(a -> body.put("approval", a.toJson()));
        body.put("steps", steps);
        Instant created = now.truncatedTo(ChronoUnit.SECONDS);
        body.put("createdAt", created.toString());
        body.put("expiresAt", created.plus(expiresIn).toString());
        return body;
    }

    private static List<Object> credentials(Plan plan) {
        List<Object> out = new ArrayList<>();
        for (PlannedStep s : plan.steps()) {
            StepCredentials c = plan.credentials().step(s.step().id());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", s.step().id());
            m.put("strategy", c.strategy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            m.put("role", c.roleArn().orElse(null));
            m.put("reason", c.reason());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> step(PlannedStep s, TargetSelection.Selection selected) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.step().id());
        m.put("number", s.number());
        m.put("action", s.action().name());
        m.put("account", s.account().id());
        m.put("accountAlias", s.account().alias());
        m.put("region", s.region());
        m.put("protected", s.account().protectedAccount());
        m.put("confirm", s.confirm().yaml());
        m.put("confirmWord", s.confirmWord());
        m.put("inputs", List.copyOf(s.inputs().describe()));
        List<Object> targets = new ArrayList<>();
        selected.targets().forEach(t -> targets.add(target(t)));
        m.put("targets", targets);
        m.put("alreadyDone", selected.already().stream().map(o -> o.targetId()).toList());
        Map<String, Object> guards = new LinkedHashMap<>();
        guards.put("verdict", "pass"); // a plan is saved only when every guard passes
        guards.put("refusals", List.of());
        m.put("guards", guards);
        return m;
    }

    private static Map<String, Object> target(Target t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("state", t.state().orElse(null));
        m.put("tags", new LinkedHashMap<>(t.tags()));
        m.put("fingerprint", new LinkedHashMap<>(t.fingerprint()));
        return m;
    }

    /** The account of an ARN ({@code arn:aws:iam::111111111111:user/alice}). */
    public static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length > 4 ? parts[4] : "";
    }

    /** Hex SHA-256 of a file's bytes, as the plan saw it. */
    public static String sha256(Path file) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return HexFormat.of().formatHex(hash);
        } catch (IOException e) {
            throw GuardException.invalid(file + ": cannot be read (" + e.getMessage() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
