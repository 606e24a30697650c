package dev.guard.sandbox.iam;

import java.util.List;

/** The seeded world's principals (DESIGN.md §5) and small builders for policy tests. */
final class IamFixtures {
    static final String IDENTITY = "111111111111";
    static final String DEVELOPMENT = "222222222222";
    static final String STAGING = "333333333333";
    static final String PRODUCTION = "444444444444";

    static final Principal ALICE = Principal.fromArn("arn:aws:iam::111111111111:user/alice");
    static final Principal BOB = Principal.fromArn("arn:aws:iam::111111111111:user/bob");
    static final Principal SOFIA = Principal.fromArn("arn:aws:iam::111111111111:user/sofia");
    static final Principal IDENTITY_ROOT = Principal.fromArn("arn:aws:iam::111111111111:root");
    static final Principal ROLE_SESSION =
            Principal.fromArn("arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/guard-alice");
    static final Principal STRANGER = Principal.fromArn("arn:aws:iam::999999999999:user/mallory");

    static final String PRIVILEGED_ROLE = "arn:aws:iam::222222222222:role/PrivilegedActionsRole";
    static final String ARTIFACT = "arn:aws:s3:::guard-protected-artifacts/release.tar.gz";

    static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();

    private IamFixtures() {}

    static NamedPolicy policy(String name, String json) {
        return new NamedPolicy(name, PolicyDocument.parseJson(json));
    }

    /** An identity policy allowing everything, under one Condition block given as JSON. */
    static NamedPolicy allowAllWhen(String conditionJson) {
        return policy("conditional", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                 "Condition": %s}}""".formatted(conditionJson));
    }

    static boolean conditionHolds(String conditionJson, RequestContext ctx) {
        return EVALUATOR.identity(List.of(allowAllWhen(conditionJson)), ctx).allowed();
    }

    static RequestContext request(Principal principal, String action, String resource) {
        return RequestContext.of(principal, action, resource);
    }

    static RequestContext anyRequest() {
        return request(ALICE, "s3:GetObject", ARTIFACT);
    }

    /** Keys of temporary credentials from GetSessionToken or AssumeRole called with MFA. */
    static RequestContext withMfa(RequestContext ctx, long ageSeconds) {
        return ctx.withKey("aws:MultiFactorAuthPresent", "true")
                .withKey("aws:MultiFactorAuthAge", Long.toString(ageSeconds));
    }

    /** Keys of temporary credentials without MFA (AssumeRole sessions, plain GetSessionToken). */
    static RequestContext withoutMfa(RequestContext ctx) {
        return ctx.withKey("aws:MultiFactorAuthPresent", "false");
    }
}
