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
    record Result(long ok, long failed, double seconds, long[] latenciesMicros) {
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
        SeedWorld world = SeedLoader.bundled();
        SeedUser alice = world.accounts().stream()
                .flatMap(a -> a.users().stream())
                .filter(u -> u.name().equals("alice"))
                .findFirst()
                .orElseThrow();
        System.out.printf(
                "threads: %d, %d s measured after 3 s warm-up; mix: 40%% sts:GetCallerIdentity, 20%%"
                        + " ec2:DescribeInstances, 20%% s3:GetObject, 12%% s3:PutObject, 8%% s3:ListObjectsV2%n",
                threads, seconds);
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
            sandbox = measure(s.endpoint(), creds, ec2Creds, threads, seconds);
        }
        print("sandbox", sandbox);
        Result moto = moto(alice, threads, seconds);
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

    private static Result moto(SeedUser alice, int threads, int seconds) throws Exception {
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
            return measure(endpoint, creds, creds, threads, seconds);
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

    private static Result measure(URI endpoint, AwsCredentials creds, AwsCredentials ec2Creds, int threads, int seconds)
            throws Exception {
        s3(endpoint, creds).putObject(r -> r.bucket(BUCKET).key("bench/seed.txt"), RequestBody.fromString("seed"));
        run(endpoint, creds, ec2Creds, threads, 3);
        return run(endpoint, creds, ec2Creds, threads, seconds);
    }

    private static Result run(URI endpoint, AwsCredentials creds, AwsCredentials ec2Creds, int threads, int seconds)
            throws Exception {
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
                StsClient sts = sts(endpoint, creds);
                S3Client s3 = s3(endpoint, creds);
                Ec2Client ec2 = ec2(endpoint, ec2Creds);
                for (long i = 0; !stop.get(); i++) {
                    long start = System.nanoTime();
                    try {
                        int slot = (int) ((i + id) % 25);
                        if (slot < 10) {
                            sts.getCallerIdentity();
                        } else if (slot < 15) {
                            ec2.describeInstances();
                        } else if (slot < 20) {
                            s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("bench/seed.txt"));
                        } else if (slot < 23) {
                            String key = "bench/" + id + "-" + (i % 50) + ".txt";
                            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("x"));
                        } else {
                            s3.listObjectsV2(
                                    r -> r.bucket(BUCKET).prefix("bench/").maxKeys(20));
                        }
                        c[0]++;
                    } catch (RuntimeException e) {
                        c[1]++;
                    }
                    lat.add((System.nanoTime() - start) / 1000);
                }
            }));
        }
        long begin = System.nanoTime();
        workers.forEach(Thread::start);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        stop.set(true);
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(30));
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        long ok = counts.stream().mapToLong(c -> c[0]).sum();
        long failed = counts.stream().mapToLong(c -> c[1]).sum();
        long[] all = latencies.stream()
                .flatMap(List::stream)
                .mapToLong(Long::longValue)
                .toArray();
        return new Result(ok, failed, elapsed, all);
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
