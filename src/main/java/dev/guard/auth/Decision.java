package dev.guard.auth;

import java.util.List;
import java.util.Objects;

/** What {@link CredentialPlanner} decided: a plan, or every reason it could not make one. */
public sealed interface Decision {

    /** The plan, or a {@link CredentialDecisionException} carrying every refusal and the exit code. */
    CredentialPlan planOrThrow();

    /** Credentials can be obtained for every step. */
    record Planned(CredentialPlan plan) implements Decision {
        public Planned {
            Objects.requireNonNull(plan, "plan");
        }

        @Override
        public CredentialPlan planOrThrow() {
            return plan;
        }
    }

    /** At least one step cannot get credentials: every step problem in step order, then base-identity problems. */
    record Refused(List<CredentialRefusal> refusals) implements Decision {
        public Refused {
            refusals = List.copyOf(refusals);
            if (refusals.isEmpty()) {
                throw new IllegalArgumentException("a refusal needs at least one reason");
            }
        }

        /**
         * 2 when any refusal is an input problem, else 4: the runbook or config must be fixed first,
         * and that is found before any AWS call.
         */
        public int exitCode() {
            boolean input = refusals.stream().anyMatch(r -> r.problem() == CredentialRefusal.Problem.INPUT);
            return (input ? CredentialRefusal.Problem.INPUT : CredentialRefusal.Problem.AUTHENTICATION).exitCode();
        }

        @Override
        public CredentialPlan planOrThrow() {
            throw new CredentialDecisionException(this);
        }
    }
}
