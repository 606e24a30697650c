package dev.guard.bench;

import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * bench/sandbox: signed requests per second the sandbox sustains — a mix of STS GetCallerIdentity,
 * EC2 DescribeInstances and S3 Get/Put/ListObjectsV2 from concurrent SDK clients, every one SigV4-verified and
 * policy-checked — and the same calls against moto_server (no signature or policy checks) when it
 * is installed, as a ratio measured in one run. Loopback only; bounded in time; stops what it starts.
 */
public final class SandboxThroughput {
    private static final String BUCKET = "guard-protected-artifacts";
    private static final double TARGET = 2000;

    private SandboxThroughput() {}

    /** What one measured run did. */
    record Result(
            long ok, long failed, double seconds, long[] latenciesMicros, long clientCpuNanos, long processCpuNanos) {
        double rate() {
            return ok / seconds;
        }

        long percentile(double p) {
            if (latenciesMicros.length == 0) {
                return 0;
            }
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Client client = args.length > 2 ? Client.valueOf(args[2].toUpperCase(java.util.Locale.ROOT)) : Client.SIGNED;
        // A 4th argument adds that many generated member accounts (guard sandbox --accounts N).
        SeedWorld world = args.length > 3
                ? dev.guard.sandbox.seed.GeneratedAccounts.apply(SeedLoader.bundled(), Integer.parseInt(args[3]))
                : SeedLoader.bundled();
        SeedUser alice = world.accounts().stream()
                .flatMap(a -> a.users().stream())
                .filter(u -> u.name().equals("alice"))
                .findFirst()
                .orElseThrow();
        System.out.printf(
                "threads: %d, %d s measured after 3 s warm-up; client: %s; mix: 40%% sts:GetCallerIdentity, 20%%"
                        + " ec2:DescribeInstances, 20%% s3:GetObject, 12%% s3:PutObject, 8%% s3:ListObjectsV2%n",
                threads, seconds, client.description);
        Result sandbox;
        try (Sandbox s = Sandbox.start(world, 0, Clock.systemUTC(), line -> {})) {
            AwsCredentials longTerm = AwsBasicCredentials.create(alice.accessKeyId(), alice.secretAccessKey());
            var session = sts(s.endpoint(), longTerm)
                    .getSessionToken(r -> r.serialNumber(
                                    alice.mfaDevice().orElseThrow().serial())
                            .tokenCode(Totp.code(alice.mfaDevice().orElseThrow().base32Secret(), Instant.now())))
                    .credentials();
            AwsCredentials creds = AwsSessionCredentials.create(
                    session.accessKeyId(), session.secretAccessKey(), session.sessionToken());
            // EC2 through the development role, assumed with the MFA session (no second code).
            var role = sts(s.endpoint(), creds)
                    .assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/PrivilegedActionsRole")
                            .roleSessionName("bench"))
                    .credentials();
            AwsCredentials ec2Creds =
                    AwsSessionCredentials.create(role.accessKeyId(), role.secretAccessKey(), role.sessionToken());
            sandbox = measure(client, s.endpoint(), creds, ec2Creds, threads, seconds);
            // Proof the server did the work: every request is in the journal with its IAM decision.
            java.util.Map<String, Long> decisions = new java.util.TreeMap<>();
            s.journal()
                    .entries()
                    .forEach(e -> decisions.merge(e.service() + ":" + e.action() + " " + e.decision(), 1L, Long::sum));
            System.out.println("journal (warm-up and measured run): " + decisions);
        }
        print("sandbox", sandbox);
        Result moto = moto(client, alice, threads, seconds);
        if (moto != null) {
            print("moto", moto);
            System.out.printf(
                    "ratio sandbox/moto: %.2fx (the sandbox verifies every signature and evaluates IAM;"
                            + " moto checks neither)%n",
                    sandbox.rate() / moto.rate());
        } else {
            System.out.println("moto: SKIP (moto_server not on PATH)");
        }
        System.out.printf(
                "target: >= %.0f signed requests/s: %s%n", TARGET, sandbox.rate() >= TARGET ? "PASS" : "MISS");
    }

    private static Result moto(Client client, SeedUser alice, int threads, int seconds) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process p;
        try {
            p = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return null;
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!answers(port)) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    return null;
                }
                Thread.sleep(200);
            }
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            AwsCredentials creds = AwsBasicCredentials.create(alice.accessKeyId(), alice.secretAccessKey());
            s3(endpoint, creds).createBucket(r -> r.bucket(BUCKET));
            return measure(client, endpoint, creds, creds, threads, seconds);
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static Result measure(
            Client client, URI endpoint, AwsCredentials creds, AwsCredentials ec2Creds, int threads, int seconds)
            throws Exception {
        s3(endpoint, creds).putObject(r -> r.bucket(BUCKET).key("bench/seed.txt"), RequestBody.fromString("seed"));
        run(client, endpoint, creds, ec2Creds, threads, 3);
        return run(client, endpoint, creds, ec2Creds, threads, seconds);
    }

    /** How the load is generated; every request is SigV4-signed either way. */
    enum Client {
        /** The SDK's SigV4 signer, requests sent on a keep-alive socket: the cores go to the server. */
        SIGNED("AWS SDK SigV4 signer + keep-alive socket, same JVM"),
        /** Full AWS SDK v2 clients (StsClient, Ec2Client, S3Client): what guard itself does, but heavy. */
        SDK("AWS SDK v2 clients, same JVM");

        final String description;

        Client(String description) {
            this.description = description;
        }
    }

    /** One load thread's calls: slot 0-9 STS, 10-14 EC2, 15-19 S3 Get, 20-22 S3 Put, 23-24 S3 List. */
    private interface Calls extends AutoCloseable {
        /** @return whether the call succeeded */
        boolean call(int slot, String putKey);

        @Override
        void close();
    }

    private static Calls calls(Client client, URI endpoint, AwsCredentials creds, AwsCredentials ec2Creds) {
        if (client == Client.SIGNED) {
            SignedHttpClient http = new SignedHttpClient(endpoint, creds, ec2Creds);
            byte[] x = "x".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return new Calls() {
                @Override
                public boolean call(int slot, String putKey) {
                    int status;
                    if (slot < 10) {
                        status = http.getCallerIdentity();
                    } else if (slot < 15) {
                        status = http.describeInstances();
                    } else if (slot < 20) {
                        status = http.getObject(BUCKET, "bench/seed.txt");
                    } else if (slot < 23) {
                        status = http.putObject(BUCKET, putKey, x);
                    } else {
                        status = http.listObjectsV2(BUCKET, "bench/", 20);
                    }
                    return status / 100 == 2;
                }

                @Override
                public void close() {
                    http.close();
                }
            };
        }
        StsClient sts = sts(endpoint, creds);
        S3Client s3 = s3(endpoint, creds);
        Ec2Client ec2 = ec2(endpoint, ec2Creds);
        return new Calls() {
            @Override
            public boolean call(int slot, String putKey) {
                if (slot < 10) {
                    sts.getCallerIdentity();
                } else if (slot < 15) {
                    ec2.describeInstances();
                } else if (slot < 20) {
                    s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("bench/seed.txt"));
                } else if (slot < 23) {
                    s3.putObject(r -> r.bucket(BUCKET).key(putKey), RequestBody.fromString("x"));
                } else {
                    s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("bench/").maxKeys(20));
                }
                return true;
            }

            @Override
            public void close() {
                sts.close();
                s3.close();
                ec2.close();
            }
        };
    }

    private static Result run(
            Client client, URI endpoint, AwsCredentials creds, AwsCredentials ec2Creds, int threads, int seconds)
            throws Exception {
        java.util.concurrent.atomic.AtomicLong clientCpu = new java.util.concurrent.atomic.AtomicLong();
        var threadBean = java.lang.management.ManagementFactory.getThreadMXBean();
        var osBean = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        List<long[]> counts = new ArrayList<>();
        List<List<Long>> latencies = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] c = new long[2];
            List<Long> lat = new ArrayList<>();
            counts.add(c);
            latencies.add(lat);
            int id = t;
            workers.add(new Thread(() -> {
                long cpuStart = threadBean.getCurrentThreadCpuTime();
                try (Calls calls = calls(client, endpoint, creds, ec2Creds)) {
                    for (long i = 0; !stop.get(); i++) {
                        long start = System.nanoTime();
                        try {
                            int slot = (int) ((i + id) % 25);
                            if (calls.call(slot, "bench/" + id + "-" + (i % 50) + ".txt")) {
                                c[0]++;
                            } else {
                                c[1]++;
                            }
                        } catch (RuntimeException e) {
                            c[1]++;
                        }
                        lat.add((System.nanoTime() - start) / 1000);
                    }
                }
                clientCpu.addAndGet(threadBean.getCurrentThreadCpuTime() - cpuStart);
            }));
        }
        long processCpuStart = osBean.getProcessCpuTime();
        long begin = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        stop.set(true);
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(30));
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        long processCpu = osBean.getProcessCpuTime() - processCpuStart;
        long ok = counts.stream().mapToLong(c -> c[0]).sum();
        long failed = counts.stream().mapToLong(c -> c[1]).sum();
        long[] all = latencies.stream()
                .flatMap(List::stream)
                .mapToLong(Long::longValue)
                .toArray();
        return new Result(ok, failed, elapsed, all, clientCpu.get(), processCpu);
    }

    private static void print(String name, Result r) {
        System.out.printf(
                "%-8s %8.0f req/s  (%d ok, %d failed in %.1f s; p50 %.1f ms, p99 %.1f ms)%n",
                name,
                r.rate(),
                r.ok(),
                r.failed(),
                r.seconds(),
                r.percentile(0.50) / 1000.0,
                r.percentile(0.99) / 1000.0);
        System.out.printf(
                "         CPU of this JVM (%d cores here): load threads %.2f cores, the rest %.2f cores (%s)%n",
                Runtime.getRuntime().availableProcessors(),
                r.clientCpuNanos() / 1e9 / r.seconds(),
                (r.processCpuNanos() - r.clientCpuNanos()) / 1e9 / r.seconds(),
                name.equals("moto") ? "GC, JIT; moto_server runs in its own process" : "server threads, GC, JIT");
    }

    private static StsClient sts(URI endpoint, AwsCredentials creds) {
        return StsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(creds))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static Ec2Client ec2(URI endpoint, AwsCredentials creds) {
        return Ec2Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(creds))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static S3Client s3(URI endpoint, AwsCredentials creds) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(creds))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
