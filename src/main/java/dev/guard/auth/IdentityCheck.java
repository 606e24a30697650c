package dev.guard.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the base credentials can obtain what the routed steps need (DESIGN.md §1.7). Each problem
 * is reported once for the run, attributed to the first step it affects and naming all of them.
 *
 * <p>Loops and plain {@code Optional} checks rather than streams and lambdas: every validate plans
 * credentials, and on JDK 17 each lambda call site costs ~60 µs to link the first time.
 */
final class IdentityCheck {
    /** Which routes a problem of the base identity affects. */
    private enum Affected {
        NEEDS_MFA,
        ROLE_WITHOUT_MFA;

        boolean test(Route r) {
            if (this == NEEDS_MFA) {
                return r.needsMfa();
            }
            return r instanceof Route.Role role && !role.mfa();
        }
    }

    private final List<Route> routes;
    private final List<CredentialRefusal> refusals = new ArrayList<>();

    private IdentityCheck(List<Route> routes) {
        this.routes = routes;
    }

    static List<CredentialRefusal> check(List<Route> routes, BaseIdentity base, MfaDevice device) {
        IdentityCheck check = new IdentityCheck(routes);
        switch (base.kind()) {
            case ROOT -> {
                check.refuse(Affected.NEEDS_MFA, rootWithMfa());
                check.refuse(Affected.ROLE_WITHOUT_MFA, rootAssumingRole());
            }
            case ASSUMED_ROLE -> check.refuse(Affected.NEEDS_MFA, roleSessionWithMfa(base));
            case FEDERATED_USER -> {
                check.refuse(Affected.NEEDS_MFA, federatedWithMfa(base));
                check.refuse(Affected.ROLE_WITHOUT_MFA, federatedAssumingRole(base));
            }
            case IAM_USER, UNKNOWN -> {
                Optional<String> foreignDevice = deviceOfAnotherAccount(base, device);
                if (foreignDevice.isPresent()) {
                    check.refuse(Affected.NEEDS_MFA, foreignDevice.get());
                }
            }
        }
        return check.refusals;
    }

    private void refuse(Affected affected, String message) {
        List<String> stepIds = new ArrayList<>();
        for (Route r : routes) {
            if (affected.test(r)) {
                stepIds.add(r.step().stepId());
            }
        }
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
        return base.arn().isPresent() ? " (" + base.arn().get() + ")" : "";
    }
}
