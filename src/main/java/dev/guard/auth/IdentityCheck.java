package dev.guard.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether the base credentials can obtain what the routed steps need (DESIGN.md §1.7). Each problem
 * is reported once for the run, attributed to the first step it affects and naming all of them.
 */
final class IdentityCheck {
    private static final Predicate<Route> NEEDS_MFA = Route::needsMfa;
    private static final Predicate<Route> ROLE_WITHOUT_MFA = r -> r instanceof Route.Role role && !role.mfa();

    private final List<Route> routes;
    private final List<CredentialRefusal> refusals = new ArrayList<>();

    private IdentityCheck(List<Route> routes) {
        this.routes = routes;
    }

    static List<CredentialRefusal> check(List<Route> routes, BaseIdentity base, MfaDevice device) {
        IdentityCheck check = new IdentityCheck(routes);
        switch (base.kind()) {
            case ROOT -> {
                check.refuse(NEEDS_MFA, rootWithMfa());
                check.refuse(ROLE_WITHOUT_MFA, rootAssumingRole());
            }
            case ASSUMED_ROLE -> check.refuse(NEEDS_MFA, roleSessionWithMfa(base));
            case FEDERATED_USER -> {
                check.refuse(NEEDS_MFA, federatedWithMfa(base));
                check.refuse(ROLE_WITHOUT_MFA, federatedAssumingRole(base));
            }
            case IAM_USER, UNKNOWN -> deviceOfAnotherAccount(base, device).ifPresent(m -> check.refuse(NEEDS_MFA, m));
        }
        return check.refusals;
    }

    private void refuse(Predicate<Route> affected, String message) {
        List<String> stepIds =
                routes.stream().filter(affected).map(r -> r.step().stepId()).toList();
        if (!stepIds.isEmpty()) {
            String which = (stepIds.size() == 1 ? " (step " : " (steps ") + String.join(", ", stepIds) + ")";
            refusals.add(CredentialRefusal.authentication(stepIds.get(0), message + which));
        }
    }

    private static String rootWithMfa() {
        return "root user credentials cannot use MFA-protected API access; AWS does not support it, so use an IAM"
                + " user with an MFA device";
    }

    private static String rootAssumingRole() {
        return "root user credentials cannot assume roles (AWS answers \"Roles may not be assumed by root"
                + " accounts\"); use an IAM user";
    }

    private static String roleSessionWithMfa(BaseIdentity base) {
        return "your base credentials are a role session" + arn(base) + " (e.g. SSO or an instance profile): it"
                + " has no MFA device to present and cannot call GetSessionToken, so it cannot obtain MFA-backed"
                + " credentials; run guard as an IAM user with an MFA device (e.g. a profile with mfa_serial), or, as"
                + " an unattended runner, through guard apply --runner of an approved plan";
    }

    private static String federatedWithMfa(BaseIdentity base) {
        return "your base credentials are a federated user session" + arn(base) + ": federated users cannot have"
                + " an MFA device and cannot call GetSessionToken or AssumeRole; run guard as an IAM user with an"
                + " MFA device";
    }

    private static String federatedAssumingRole(BaseIdentity base) {
        return "your base credentials are a federated user session" + arn(base) + ", which cannot call"
                + " AssumeRole; run guard as an IAM user or role";
    }

    /** A virtual device belongs to a user of its own account; another account's device always fails. */
    private static Optional<String> deviceOfAnotherAccount(BaseIdentity base, MfaDevice device) {
        Optional<String> deviceAccount = device.accountId();
        if (base.accountId().isEmpty() || deviceAccount.isEmpty() || deviceAccount.equals(base.accountId())) {
            return Optional.empty();
        }
        return Optional.of("MFA device " + device.serial().orElseThrow() + " belongs to account "
                + deviceAccount.get() + ", but your base credentials are in account "
                + base.accountId().get()
                + "; configure the MFA device of the user guard runs as");
    }

    private static String arn(BaseIdentity base) {
        return base.arn().map(a -> " (" + a + ")").orElse("");
    }
}
