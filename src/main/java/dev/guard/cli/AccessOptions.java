package dev.guard.cli;

import picocli.CommandLine.Option;

/** Where {@code exec}, {@code env} and {@code credential-process} act, and with which limits. */
final class AccessOptions {
    @Option(
            names = "--account",
            paramLabel = "ACCOUNT",
            description = "An account of the config (alias or id): its role is assumed from your MFA session, without"
                    + " another code (role chaining: at most 1 h). Without it: your MFA session itself"
                    + " (GetSessionToken), for MFA-conditioned bucket policies and your own account's APIs.")
    String account;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "The role to assume instead of the one the config names for the account: a name in that"
                    + " account, or a role ARN.")
    String role;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description = "AWS_REGION and AWS_DEFAULT_REGION of the credentials (default: the config's defaults.region,"
                    + " then AWS_REGION, then us-east-1).")
    String region;

    @Option(
            names = "--read-only",
            description = "Limit the role session with an inline session policy that denies every action but reads"
                    + " (Describe*, Get*, List* of common services, DynamoDB Query/Scan): nothing can be changed."
                    + " Needs a role (--account).")
    boolean readOnly;

    @Option(
            names = "--session-policy",
            paramLabel = "FILE",
            description = "Limit the role session with your own IAM policy (JSON, at most 2048 characters without"
                    + " spaces), sent as AssumeRole's Policy. Needs a role (--account).")
    String sessionPolicy;
}
