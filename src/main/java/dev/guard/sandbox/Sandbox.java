package dev.guard.sandbox;

import dev.guard.sandbox.dynamodb.DynamoDbService;
import dev.guard.sandbox.dynamodb.Tables;
import dev.guard.sandbox.ec2.Ec2Service;
import dev.guard.sandbox.ec2.Instances;
import dev.guard.sandbox.iam.AuthorizationMessages;
import dev.guard.sandbox.iam.NamedPolicy;
import dev.guard.sandbox.iam.PolicyDocument;
import dev.guard.sandbox.iam.Principal;
import dev.guard.sandbox.iamapi.IamService;
import dev.guard.sandbox.organizations.OrganizationsService;
import dev.guard.sandbox.persist.GeneratedState;
import dev.guard.sandbox.persist.PartFiles;
import dev.guard.sandbox.persist.StateDirLock;
import dev.guard.sandbox.persist.StateFile;
import dev.guard.sandbox.persist.WorldState;
import dev.guard.sandbox.s3.ObjectStore;
import dev.guard.sandbox.s3.S3Service;
import dev.guard.sandbox.seed.SeedAccount;
import dev.guard.sandbox.seed.SeedBucket;
import dev.guard.sandbox.seed.SeedGroup;
import dev.guard.sandbox.seed.SeedPolicy;
import dev.guard.sandbox.seed.SeedRole;
import dev.guard.sandbox.seed.SeedRoot;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.server.FaultInjector;
import dev.guard.sandbox.server.Journal;
import dev.guard.sandbox.server.Reply;
import dev.guard.sandbox.server.SandboxServer;
import dev.guard.sandbox.state.Caller;
import dev.guard.sandbox.state.CredentialRegistry;
import dev.guard.sandbox.state.IamDirectory;
import dev.guard.sandbox.state.MfaDevices;
import dev.guard.sandbox.sts.MfaCheck;
import dev.guard.sandbox.sts.StsService;
import dev.guard.sandbox.timing.Speed;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A running sandbox: the seeded world, served on a loopback port. Cheap enough to start one per
 * test: {@code try (Sandbox s = Sandbox.start(SeedLoader.bundled(), 0, Clock.systemUTC(), log -> {}))}.
 */
public final class Sandbox implements AutoCloseable {
    private final SandboxServer server;
    private final Journal journal;
    private final Optional<StateDirLock> stateLock;
    private final List<dev.guard.sandbox.server.Service> services;
    private final java.util.function.Supplier<Map<String, Object>> snapshot;

    private Sandbox(
            SandboxServer server,
            Journal journal,
            Optional<StateDirLock> stateLock,
            List<dev.guard.sandbox.server.Service> services,
            java.util.function.Supplier<Map<String, Object>> snapshot) {
        this.server = server;
        this.journal = journal;
        this.stateLock = stateLock;
        this.services = List.copyOf(services);
        this.snapshot = snapshot;
    }

    /** An instant sandbox (every state change is over at once), as tests want it. @param port 0 for any free port */
    public static Sandbox start(SeedWorld world, int port, Clock clock, Consumer<String> debug) throws IOException {
        return start(world, port, clock, debug, Optional.empty(), debug, Speed.INSTANT);
    }

    /**
     * A sandbox whose mutable world lives in {@code stateDir} when one is given: loaded from its
     * state file if there is one (else seeded, and saved), then saved after every request that
     * changed it. IAM (users, roles, policies, long-term keys) always comes from the seed.
     *
     * @param warnings where a failure to save the state is reported (the request itself succeeded)
     * @param speed how long instances, tables and backups take to change state ({@link Speed#INSTANT}: no time)
     * @throws dev.guard.sandbox.persist.StateException when the state file cannot be used; nothing is written then
     */
    public static Sandbox start(
            SeedWorld world,
            int port,
            Clock clock,
            Consumer<String> debug,
            Optional<Path> stateDir,
            Consumer<String> warnings,
            Speed speed)
            throws IOException {
        // One sandbox per state directory, held until close (a second one refuses, naming this one).
        Optional<StateDirLock> stateLock = Optional.empty();
        if (stateDir.isPresent()) {
            stateLock = Optional.of(StateDirLock.take(stateDir.get()));
        }
        try {
            return start(world, port, clock, debug, stateDir, warnings, stateLock, speed);
        } catch (IOException | RuntimeException e) {
            stateLock.ifPresent(StateDirLock::close);
            throw e;
        }
    }

    private static Sandbox start(
            SeedWorld world,
            int port,
            Clock clock,
            Consumer<String> debug,
            Optional<Path> stateDir,
            Consumer<String> warnings,
            Optional<StateDirLock> stateLock,
            Speed speed)
            throws IOException {
        Journal journal = new Journal();
        CredentialRegistry credentials = new CredentialRegistry();
        IamDirectory iam = new IamDirectory();
        MfaDevices devices = new MfaDevices();
        // Generated accounts share their roles' policy trees: each is parsed once, not once an account.
        Map<Object, PolicyDocument> parsed = new java.util.IdentityHashMap<>();
        for (SeedAccount account : world.accounts()) {
            seedAccount(account, credentials, iam, devices, parsed);
        }
        // With a state directory, the parts of uploads in progress are files beside the state file.
        Optional<PartFiles> parts = stateDir.map(d -> new PartFiles(d.resolve("uploads")));
        ObjectStore objects = parts.<ObjectStore>map(ObjectStore::new).orElseGet(ObjectStore::new);
        Tables tables = new Tables();
        Instances instances = new Instances();
        WorldState state = new WorldState(instances, tables, objects, credentials, devices);
        Optional<StateFile> file = stateDir.map(StateFile::new);
        Optional<Map<String, Object>> saved = file.flatMap(StateFile::read);
        int generated = world.organization().map(o -> o.generated()).orElse(0);
        java.util.function.Supplier<Map<String, Object>> capture =
                () -> GeneratedState.record(state.capture(clock.instant()), generated);
        if (saved.isPresent()) {
            GeneratedState.check(file.get().path(), saved.get(), generated);
            state.restore(file.get().path(), saved.get(), clock.instant());
            parts.get()
                    .keepOnly(objects.uploads().all().stream().map(u -> u.id()).collect(Collectors.toSet()));
        } else {
            seedResources(world, clock, objects, tables, instances);
            if (file.isPresent()) {
                file.get().write(capture.get());
            }
        }
        MfaCheck mfa = new MfaCheck(devices, (what, why) -> debug.accept("MFA refused for " + what + ": " + why));
        List<dev.guard.sandbox.server.Service> services = new ArrayList<>();
        // EC2 seals its encoded authorization messages with the key STS decodes them with.
        AuthorizationMessages messages = new AuthorizationMessages();
        services.add(new StsService(credentials, iam, mfa, messages));
        services.add(new S3Service(objects, devices));
        services.add(new IamService(iam, devices));
        services.add(new DynamoDbService(tables, speed));
        services.add(new Ec2Service(instances, speed, messages));
        services.add(new OrganizationsService(world));
        Consumer<Reply> save = file.map(f -> saver(f, capture, warnings)).orElse(reply -> {});
        SandboxServer server = new SandboxServer(
                port, services, credentials, journal, new FaultInjector(world.faults()), clock, debug, save);
        return new Sandbox(server, journal, stateLock, services, capture);
    }

    private static void seedResources(
            SeedWorld world, Clock clock, ObjectStore objects, Tables tables, Instances instances) {
        for (SeedAccount account : world.accounts()) {
            for (SeedBucket bucket : account.buckets()) {
                objects.addBucket(
                        bucket.name(),
                        account.id(),
                        bucket.policy().map(p -> new NamedPolicy(bucket.name() + "-policy", PolicyDocument.parse(p))),
                        bucket.versioning(),
                        bucket.region());
                ObjectStore.Bucket seeded = objects.bucket(bucket.name()).orElseThrow();
                bucket.objects().forEach((key, body) -> {
                    bucket.earlier(key).forEach(old -> seeded.put(key, ObjectStore.text(old, clock.instant())));
                    seeded.put(key, ObjectStore.text(body, clock.instant()));
                });
            }
            // Seed tables live in us-east-1, the region of every example runbook.
            for (var t : account.tables()) {
                tables.add(
                        account.id(),
                        "us-east-1",
                        t.name(),
                        t.partitionKey(),
                        t.status(),
                        t.deletionProtection(),
                        clock.instant(),
                        t.tags());
                t.ttlAttribute().ifPresent(a -> tables.timeToLive(account.id(), "us-east-1", t.name(), a));
            }
            account.instances()
                    .forEach(i -> instances.add(
                            i.id(),
                            account.id(),
                            i.region(),
                            i.instanceType(),
                            i.tags(),
                            i.state(),
                            i.disableApiTermination(),
                            clock.instant()));
        }
    }

    /**
     * Saves the world after every answer that changed it: a mutation, or STS credentials issued
     * (which also consumes an MFA code). Write-through keeps the file right even if the process is killed.
     */
    private static Consumer<Reply> saver(
            StateFile file, java.util.function.Supplier<Map<String, Object>> capture, Consumer<String> warnings) {
        StateSaver saver = new StateSaver(() -> {
            try {
                file.write(capture.get());
            } catch (IOException | RuntimeException e) {
                warnings.accept("cannot save the sandbox state to " + file.path() + ": " + e.getMessage());
            }
        });
        return reply -> {
            boolean issued = reply.status() == 200
                    && (reply.action().equals("sts:AssumeRole")
                            || reply.action().equals("sts:GetSessionToken"));
            if (reply.mutated() || issued) {
                saver.changed();
            }
        };
    }

    private static void seedAccount(
            SeedAccount account,
            CredentialRegistry credentials,
            IamDirectory iam,
            MfaDevices devices,
            Map<Object, PolicyDocument> parsed) {
        for (SeedUser user : account.users()) {
            String arn = "arn:aws:iam::" + account.id() + ":user/" + user.name();
            List<NamedPolicy> policies = new ArrayList<>(policies(user.policies(), parsed));
            List<NamedPolicy> groupPolicies = new ArrayList<>();
            for (String groupName : user.groups()) {
                account.groups().stream()
                        .filter(g -> g.name().equals(groupName))
                        .map(SeedGroup::policies)
                        .forEach(p -> groupPolicies.addAll(policies(p, parsed)));
            }
            policies.addAll(groupPolicies);
            iam.add(new IamDirectory.User(
                    arn,
                    user.name(),
                    account.id(),
                    policies,
                    id("AIDA", arn),
                    groupPolicies.stream().map(NamedPolicy::name).collect(Collectors.toSet())));
            Principal principal = new Principal(arn, account.id(), Principal.Kind.USER);
            credentials.registerLongTerm(
                    user.accessKeyId(),
                    user.secretAccessKey(),
                    new Caller(
                            principal,
                            Caller.CredentialKind.LONG_TERM,
                            Optional.empty(),
                            Optional.of(user.name()),
                            Optional.empty(),
                            policies));
            user.mfaDevice().ifPresent(d -> devices.add(new MfaDevices.Device(d.serial(), arn, d.base32Secret())));
        }
        account.root().ifPresent(root -> seedRoot(account.id(), root, credentials, devices));
        for (SeedRole role : account.roles()) {
            String arn = "arn:aws:iam::" + account.id() + ":role/" + role.name();
            iam.add(new IamDirectory.Role(
                    arn,
                    role.name(),
                    account.id(),
                    new NamedPolicy(
                            role.name() + "-trust", parsed.computeIfAbsent(role.trustPolicy(), PolicyDocument::parse)),
                    policies(role.policies(), parsed),
                    role.maxSessionDurationSeconds(),
                    id("AROA", arn)));
        }
    }

    /**
     * The root user: identity policies do not limit it in its own account (one that allows
     * everything stands for that), while a bucket policy's explicit deny still applies, and in
     * another account a resource policy must grant it, as on AWS.
     */
    private static void seedRoot(String accountId, SeedRoot root, CredentialRegistry credentials, MfaDevices devices) {
        String arn = root.arn(accountId);
        NamedPolicy everything = new NamedPolicy(
                "root-user",
                PolicyDocument.parse(Map.of(
                        "Version",
                        "2012-10-17",
                        "Statement",
                        List.of(Map.of("Sid", "RootUser", "Effect", "Allow", "Action", "*", "Resource", "*")))));
        credentials.registerLongTerm(
                root.accessKeyId(),
                root.secretAccessKey(),
                new Caller(
                        new Principal(arn, accountId, Principal.Kind.ROOT),
                        Caller.CredentialKind.LONG_TERM,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(everything)));
        root.mfaDevice().ifPresent(d -> devices.add(new MfaDevices.Device(d.serial(), arn, d.base32Secret())));
    }

    private static List<NamedPolicy> policies(List<SeedPolicy> seed, Map<Object, PolicyDocument> parsed) {
        return seed.stream()
                .map(p -> new NamedPolicy(p.name(), parsed.computeIfAbsent(p.document(), PolicyDocument::parse)))
                .toList();
    }

    private static String id(String prefix, String arn) {
        return IamDirectory.uniqueId(prefix, arn);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public int port() {
        return server.port();
    }

    /** The most calls a latency fault held at once: how many requests were in flight together. */
    public int mostDelayedAtOnce() {
        return server.faults().mostDelayedAtOnce();
    }

    public Journal journal() {
        return journal;
    }

    /** The services it serves (each says which operations it models). */
    public List<dev.guard.sandbox.server.Service> services() {
        return services;
    }

    /**
     * The world as the state file would hold it now (instances, tables, buckets and objects, issued
     * credentials, used MFA codes): equal before and after a request that changed nothing.
     */
    public Map<String, Object> snapshot() {
        return snapshot.get();
    }

    @Override
    public void close() {
        server.close();
        stateLock.ifPresent(StateDirLock::close);
    }
}
