package dev.guard.run;

import dev.guard.action.ActionRegistry;
import dev.guard.action.InBucket;
import dev.guard.auth.MfaDevice;
import dev.guard.aws.AwsClients;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.credentials.CallerSession;
import dev.guard.credentials.Connection;
import dev.guard.credentials.CredentialBroker;
import dev.guard.credentials.MfaCodeSource;
import dev.guard.credentials.SessionCache;
import dev.guard.plan.Plan;
import dev.guard.plan.PlanBuilder;
import dev.guard.plan.PlannedStep;
import dev.guard.runbook.Runbook;
import dev.guard.runbook.Step;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Templates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * The values a runbook parameter could take, read live for the shell's completion: instance ids,
 * table names, object keys under the typed prefix, from the account and region of the step that
 * uses the parameter, with that step's credentials as a run would get them — but only from an MFA
 * session the shell already holds. It never asks for a code: when one would be needed, or anything
 * fails, there is nothing to offer. One page of each listing (completion, not inventory).
 */
public final class LiveValues {
    /** At most this many values: one page of each listing. */
    public static final int PAGE = 100;

    private final ActionRegistry actions;
    private final GuardConfig config;
    private final Environment env;
    private final Connection connection;

    public LiveValues(ActionRegistry actions, GuardConfig config, Environment env, Connection connection) {
        this.actions = actions;
        this.config = config;
        this.env = env;
        this.connection = connection;
    }

    /** Thrown instead of asking for an MFA code. */
    private static final class NoPrompt extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoPrompt() {
            super("completion never asks for an MFA code", null, false, false);
        }
    }

    /**
     * The values of {@code parameter} starting with {@code prefix}, or none.
     *
     * @throws RuntimeException anything that went wrong: the shell swallows it as "no candidates"
     */
    public List<String> of(Runbook runbook, Path shownAs, String parameter, String prefix) {
        return listing(runbook, shownAs, parameter, prefix).values();
    }

    /**
     * What was listed, and whether it is all there is for {@code prefix}: EC2 and DynamoDB list a
     * page and guard filters it, so a short answer from a cut listing is not the whole story.
     */
    public record Listing(List<String> values, boolean complete) {
        static final Listing NONE = new Listing(List.of(), false);
    }

    /** {@link #of}, saying whether the listing was complete (a cache may then answer longer prefixes). */
    public Listing listing(Runbook runbook, Path shownAs, String parameter, String prefix) {
        Optional<Step> step = stepUsing(runbook, parameter);
        Optional<String> field = step.flatMap(s -> fieldUsing(s, parameter));
        if (step.isEmpty() || field.isEmpty()) {
            return Listing.NONE;
        }
        PlanBuilder builder = new PlanBuilder(actions, config, env);
        Plan offline = builder.build(runbook, shownAs, java.util.Map.of()); // ${parameter} stays as written
        PlannedStep planned = offline.steps().stream()
                .filter(p -> p.step().id().equals(step.get().id()))
                .findFirst()
                .orElseThrow();
        try (CallerSession cs = new CallerSession(connection, env, planned.region(), line -> {});
                AwsClients clients = new AwsClients(connection.endpoint(), Duration.ofSeconds(2))) {
            CredentialBroker.Caller caller = cs.broker().identify();
            MfaDevice device = cs.device(config);
            Optional<CredentialBroker.MfaSessions> held = held(cs, caller, device, runbook);
            if (held.isEmpty()) {
                return Listing.NONE; // no MFA session yet: completion never prompts for one
            }
            Plan plan = builder.forCaller(offline, caller.identity(), device, true);
            Supplier<MfaCodeSource> never = () -> {
                throw new NoPrompt();
            };
            AwsCredentialsProvider as = cs.broker()
                    .acquire(plan.credentials(), device, never, "guard-completion", held.get())
                    .byStep()
                    .get(planned.step().id())
                    .provider();
            return list(clients, as, planned, field.get(), prefix);
        }
    }

    /** The MFA session the shell holds (in memory, or cached on disk), if it has a usable one. */
    private Optional<CredentialBroker.MfaSessions> held(
            CallerSession cs, CredentialBroker.Caller caller, MfaDevice device, Runbook runbook) {
        Optional<Duration> maxAge = runbook.mfa().maxAgeSeconds().stream()
                .mapToObj(Duration::ofSeconds)
                .findFirst();
        CredentialBroker.MfaSessions sessions = connection.memorySessions().isPresent()
                ? CredentialBroker.MfaSessions.youngerThan(
                        connection.memorySessions().get(), maxAge)
                : connection.cacheSessions() && device.serial().isPresent()
                        ? new SessionCache(env.cacheHome().resolve("guard/sessions"), line -> {})
                                .sessions(cs.key(caller, device), maxAge)
                        : CredentialBroker.MfaSessions.NONE;
        return sessions.usable().isPresent() ? Optional.of(sessions) : Optional.empty();
    }

    private static Listing list(
            AwsClients clients, AwsCredentialsProvider as, PlannedStep step, String field, String prefix) {
        String service = step.step().action().split(":")[0].toLowerCase(Locale.ROOT);
        String what = field.toLowerCase(Locale.ROOT);
        if (service.equals("ec2") && what.contains("instance")) {
            var page = clients.ec2(as, step.region())
                    .describeInstances(DescribeInstancesRequest.builder()
                            .maxResults(PAGE)
                            .filters(Filter.builder()
                                    .name("instance-state-name")
                                    .values("pending", "running", "stopping", "stopped")
                                    .build())
                            .build());
            return new Listing(
                    page.reservations().stream()
                            .flatMap(r -> r.instances().stream())
                            .map(i -> i.instanceId())
                            .filter(id -> id.startsWith(prefix))
                            .sorted()
                            .toList(),
                    page.nextToken() == null);
        }
        if (service.equals("dynamodb") && what.contains("table")) {
            var page = clients.dynamoDb(as, step.region())
                    .listTables(ListTablesRequest.builder().limit(PAGE).build());
            return new Listing(
                    page.tableNames().stream().filter(t -> t.startsWith(prefix)).toList(),
                    page.lastEvaluatedTableName() == null);
        }
        if (service.equals("s3") && what.equals("key") && step.inputs() instanceof InBucket b) {
            var page = clients.s3(as, step.region())
                    .listObjectsV2(ListObjectsV2Request.builder()
                            .bucket(b.bucket())
                            .prefix(prefix)
                            .maxKeys(PAGE)
                            .build());
            return new Listing(
                    page.contents().stream().map(o -> o.key()).toList(), !Boolean.TRUE.equals(page.isTruncated()));
        }
        return Listing.NONE;
    }

    /** The first step whose inputs use {@code ${parameter}}. */
    static Optional<Step> stepUsing(Runbook runbook, String parameter) {
        return runbook.steps().stream()
                .filter(s -> fieldUsing(s, parameter).isPresent())
                .findFirst();
    }

    /** The input of {@code step} that uses {@code ${parameter}}: instanceIds, tableName, key. */
    static Optional<String> fieldUsing(Step step, String parameter) {
        for (MapNode.Entry e : step.with().entries()) {
            boolean[] uses = {false};
            Templates.forEachScalar(e.value(), s -> uses[0] |= s.text().contains("${" + parameter + "}"));
            if (uses[0]) {
                return Optional.of(e.key());
            }
        }
        return Optional.empty();
    }
}
