package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.auth.CredentialPlan;
import dev.guard.auth.MfaDevice;
import dev.guard.config.Environment;
import dev.guard.runbook.MfaPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.model.Credentials;

/** A plan's preview finds the MFA session a run would use, by the cache's rules, without a call. */
class SessionLookupTest {
    @TempDir
    Path home;

    private final List<String> warnings = new ArrayList<>();
    private final Instant now = Instant.now();

    private static final String SERIAL = "arn:aws:iam::111111111111:mfa/alice";
    private static final MfaDevice DEVICE = new MfaDevice(Optional.of(SERIAL), MfaDevice.Source.CONFIG);
    private static final SessionLookup.Wanted MFA = new SessionLookup.Wanted(true, DEVICE, Optional.empty());

    private Environment env(Map<String, String> vars) {
        return new Environment(home.resolve("work"), vars, home);
    }

    private SessionCache.Entry cached(String endpoint, String keys, Instant mfaAt) throws Exception {
        var key = new SessionCache.Key(endpoint, keys, "arn:aws:iam::111111111111:user/alice", SERIAL);
        var entry = new SessionCache.Entry(key, "ASIATEMP", "secret", "token", mfaAt, now.plus(Duration.ofHours(12)));
        new SessionCache(home.resolve(".cache/guard/sessions"), warnings::add).store(entry);
        return entry;
    }

    @Test
    void wantedFollowsThePlansPromptsAndTheRunbooksMaxAge() {
        var none = SessionLookup.Wanted.of(
                new CredentialPlan(List.of(), List.of(), 0, List.of()),
                DEVICE,
                new MfaPolicy(true, OptionalLong.of(600)));

        assertThat(none.mfa()).isFalse();
        assertThat(none.maxAge()).contains(Duration.ofMinutes(10));
    }

    @Test
    void onDiskFindsTheSessionForTheEnvironmentsEndpointAndExportedKeys() throws Exception {
        var entry = cached("http://127.0.0.1:4599", "AKIAALICE", now.minusSeconds(60));
        var lookup = new SessionLookup(
                env(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4599", "AWS_ACCESS_KEY_ID", "AKIAALICE")),
                warnings::add);

        assertThat(lookup.onDisk(MFA, Optional.empty(), Optional.empty())).contains(entry);
        assertThat(lookup.onDisk(MFA, Optional.of("http://127.0.0.1:1"), Optional.empty()))
                .isEmpty();
        // A run that asks for no MFA code has no use for a session.
        assertThat(lookup.onDisk(
                        new SessionLookup.Wanted(false, DEVICE, Optional.empty()), Optional.empty(), Optional.empty()))
                .isEmpty();
        assertThat(warnings).isEmpty();
    }

    @Test
    void otherExportedKeysMissTheSessionUnlessAProfileHidesWhichKeysTheRunWillUse() throws Exception {
        cached("aws", "AKIAALICE", now.minusSeconds(60));
        var lookup = new SessionLookup(env(Map.of("AWS_ACCESS_KEY_ID", "AKIABOB")), warnings::add);

        assertThat(lookup.onDisk(MFA, Optional.empty(), Optional.empty())).isEmpty();
        assertThat(lookup.onDisk(MFA, Optional.empty(), Optional.of("work"))).isPresent();
    }

    @Test
    void aSessionWhoseMfaIsOlderThanTheRunbookAllowsIsNotFound() throws Exception {
        cached("aws", "AKIAALICE", now.minus(Duration.ofMinutes(30)));
        var lookup = new SessionLookup(env(Map.of()), warnings::add);

        assertThat(lookup.onDisk(MFA, Optional.empty(), Optional.empty())).isPresent();
        assertThat(lookup.onDisk(
                        new SessionLookup.Wanted(true, DEVICE, Optional.of(Duration.ofMinutes(10))),
                        Optional.empty(),
                        Optional.empty()))
                .isEmpty();
    }

    @Test
    void aSandboxShellOffersItsOwnDeviceAndTheSessionItKeepsInMemory() {
        MemorySessions memory = new MemorySessions();
        memory.keep(
                Credentials.builder()
                        .accessKeyId("ASIAMEM")
                        .secretAccessKey("s")
                        .sessionToken("t")
                        .expiration(now.plus(Duration.ofHours(1)))
                        .build(),
                now.minusSeconds(5));
        MfaDevice own = new MfaDevice(Optional.of("arn:aws:iam::000000000000:mfa/bob"), MfaDevice.Source.PROFILE);
        Connection shell = new Connection(
                Optional.of(URI.create("http://127.0.0.1:4599")),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIABOB", "x")),
                "sandbox user bob",
                Optional.empty(),
                Duration.ofMillis(10),
                Optional.of(own),
                false,
                Optional.empty(),
                Optional.of(memory));
        var lookup = new SessionLookup(env(Map.of()), warnings::add);

        var found = lookup.inShell(shell, MFA);

        assertThat(found.device()).isEqualTo(own);
        assertThat(found.cached())
                .get()
                .extracting(SessionCache.Entry::accessKeyId)
                .isEqualTo("ASIAMEM");
        assertThat(lookup.inShell(shell, new SessionLookup.Wanted(false, DEVICE, Optional.empty()))
                        .cached())
                .isEmpty();
    }
}
