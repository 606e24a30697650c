package dev.guard.credentials;

import dev.guard.config.Environment;
import dev.guard.error.GuardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The AWS CLI's profiles ({@code ~/.aws/config} and {@code ~/.aws/credentials}, or {@code
 * AWS_CONFIG_FILE}/{@code AWS_SHARED_CREDENTIALS_FILE}), read with the SDK's own parser.
 *
 * <p>A role profile ({@code role_arn} + {@code source_profile}, often with {@code mfa_serial}) is
 * taken apart rather than handed to the SDK, which would call AssumeRole without MFA (the SDK for
 * Java v2 has no MFA prompt): its {@code source_profile} gives the base credentials, its {@code
 * mfa_serial} the device, and its {@code role_arn} with {@code duration_seconds}, {@code
 * external_id} and {@code role_session_name} shape the AssumeRole of that role when a runbook uses
 * it — with one MFA code, through guard's own STS calls.
 */
public final class AwsProfiles {
    private AwsProfiles() {}

    /** What a role profile says about its role. */
    public record RoleProfile(
            String roleArn, Optional<String> externalId, OptionalInt durationSeconds, Optional<String> sessionName) {}

    /**
     * A profile as guard uses it.
     *
     * @param base the credentials of the profile, or of its {@code source_profile}
     * @param mfaSerial its {@code mfa_serial}, if any
     * @param role its role, if it is a role profile
     */
    public record Resolved(
            AwsCredentialsProvider base, String description, Optional<String> mfaSerial, Optional<RoleProfile> role) {}

    /** @param namedBy where the name came from, for the message when it does not exist */
    public static Resolved resolve(String name, Environment env, String namedBy) {
        ProfileFile file = profileFile(env);
        Profile profile = file.profile(name)
                .orElseThrow(() -> GuardException.invalid("AWS profile '" + name + "' (from " + namedBy + ") is in"
                        + " neither " + configPath(env) + " nor " + credentialsPath(env)
                        + "; name another with --profile, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"));
        refuseSso(profile, name);
        Optional<String> mfa = profile.property("mfa_serial");
        Optional<String> roleArn = profile.property("role_arn");
        if (roleArn.isEmpty()) {
            return new Resolved(provider(file, name), "profile " + name, mfa, Optional.empty());
        }
        if (profile.property("credential_source").isPresent()) {
            throw GuardException.invalid("AWS profile '" + name + "' uses credential_source, which guard does not"
                    + " support yet; use source_profile");
        }
        String source = profile.property("source_profile")
                .orElseThrow(
                        () -> GuardException.invalid("AWS profile '" + name + "' has role_arn but no source_profile"));
        Profile sourceProfile = file.profile(source)
                .orElseThrow(() -> GuardException.invalid(
                        "AWS profile '" + name + "': its source_profile '" + source + "' does not exist"));
        if (source.equals(name)) {
            throw GuardException.invalid("AWS profile '" + name + "' names itself as source_profile; put the long-term"
                    + " keys in a profile of their own and name that one");
        }
        refuseSso(sourceProfile, source);
        if (sourceProfile.property("role_arn").isPresent()) {
            // A chain of role profiles would need AssumeRole from a role session, which cannot carry MFA.
            throw GuardException.invalid("AWS profile '" + name + "': its source_profile '" + source
                    + "' is itself a role profile; guard needs the profile with your long-term keys there");
        }
        OptionalInt duration = OptionalInt.empty();
        Optional<String> d = profile.property("duration_seconds");
        if (d.isPresent()) {
            try {
                duration = OptionalInt.of(Integer.parseInt(d.get().strip()));
            } catch (NumberFormatException e) {
                throw GuardException.invalid(
                        "AWS profile '" + name + "': duration_seconds '" + d.get() + "' is not a number of seconds");
            }
        }
        return new Resolved(
                provider(file, source),
                "profile " + name + " (keys of profile " + source + ")",
                mfa,
                Optional.of(new RoleProfile(
                        roleArn.get(),
                        profile.property("external_id"),
                        duration,
                        profile.property("role_session_name"))));
    }

    private static AwsCredentialsProvider provider(ProfileFile file, String name) {
        return new ExplainedCredentials(
                ProfileCredentialsProvider.builder()
                        .profileFile(file)
                        .profileName(name)
                        .build(),
                "AWS profile '" + name + "'");
    }

    /**
     * The SDK's default chain (environment, profiles, container and instance roles), after checking
     * that the profile files parse: the SDK would otherwise fail later with an unchecked exception.
     */
    public static AwsCredentialsProvider defaultChain(Environment env) {
        // The chain reads AWS_PROFILE's profile, or "default": an SSO one is refused with its reason
        // instead of the chain's "unable to load credentials from any of the providers".
        String name = env.get("AWS_PROFILE").orElse("default");
        profileFile(env).profile(name).ifPresent(p -> refuseSso(p, name));
        return new ExplainedCredentials(
                DefaultCredentialsProvider.builder().build(), "the SDK's default credential chain");
    }

    /** Refuses AWS profile files that do not parse, before any client (which reads them too) is built. */
    public static void check(Environment env) {
        profileFile(env);
    }

    /** SSO profiles need the SDK's sso and ssooidc modules, which guard does not ship (yet). */
    private static void refuseSso(Profile profile, String name) {
        for (String key : new String[] {"sso_session", "sso_start_url", "sso_account_id", "sso_role_name"}) {
            if (profile.property(key).isPresent()) {
                throw GuardException.invalid("AWS profile '" + name + "' uses IAM Identity Center (SSO) (" + key
                        + "), which guard does not support yet; use a profile with long-term keys"
                        + " (aws_access_key_id) or a role profile with source_profile");
            }
        }
    }

    static Path configPath(Environment env) {
        return env.get("AWS_CONFIG_FILE").map(env::resolve).orElse(env.home().resolve(".aws/config"));
    }

    static Path credentialsPath(Environment env) {
        return env.get("AWS_SHARED_CREDENTIALS_FILE")
                .map(env::resolve)
                .orElse(env.home().resolve(".aws/credentials"));
    }

    /** Both files, through guard's environment (so tests and the real thing read the same way). */
    private static ProfileFile profileFile(Environment env) {
        ProfileFile.Aggregator all = ProfileFile.aggregator();
        Path config = configPath(env);
        Path credentials = credentialsPath(env);
        try {
            if (readable(config)) {
                all.addFile(ProfileFile.builder()
                        .content(config)
                        .type(ProfileFile.Type.CONFIGURATION)
                        .build());
            }
            if (readable(credentials)) {
                all.addFile(ProfileFile.builder()
                        .content(credentials)
                        .type(ProfileFile.Type.CREDENTIALS)
                        .build());
            }
            ProfileFile file = all.build();
            file.profiles(); // parsed now, not at first use
            return file;
        } catch (GuardException e) {
            throw e;
        } catch (RuntimeException e) {
            // The SDK's parser names the file and line; it never quotes a value.
            throw GuardException.invalid("could not read the AWS profiles (" + config + ", " + credentials + "): "
                    + (String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
    }

    /** Absent is fine (the SDK skips it too); a FIFO or device would block the SDK's reader forever. */
    private static boolean readable(Path file) {
        if (Files.isRegularFile(file)) {
            return true;
        }
        if (Files.exists(file) && !Files.isDirectory(file)) {
            throw GuardException.invalid(file + ": not a regular file (a device, pipe or socket); expected an AWS"
                    + " config or credentials file");
        }
        return false;
    }
}
