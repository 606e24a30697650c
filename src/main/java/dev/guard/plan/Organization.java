package dev.guard.plan;

import dev.guard.error.GuardException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AWS Organizations as the plan reads it to resolve an {@code organizationalUnit:} or {@code tags:}
 * account selector. The implementation calls AWS with the caller's credentials; {@link #UNAVAILABLE}
 * is for plans made without any (validate, an offline preview).
 */
public interface Organization {
    /**
     * An account of the organization.
     *
     * @param status {@code ACTIVE}, {@code SUSPENDED}, {@code PENDING_CLOSURE}: only ACTIVE accounts
     *     are acted in; the plan says which it left out
     */
    record MemberAccount(String id, String name, String status) {}

    /**
     * The accounts directly under {@code parent} (an OU or root id: ListAccountsForParent), or of the
     * whole organization when empty (ListAccounts), every page.
     *
     * @throws GuardException with a one-line reason when the caller may not read them
     */
    List<MemberAccount> accounts(Optional<String> parent);

    /** The account's tags (ListTagsForResource), every page. */
    Map<String, String> tags(String accountId);

    /** No organization to read: a plan that needs one says how to get it. */
    Organization UNAVAILABLE = new Organization() {
        @Override
        public List<MemberAccount> accounts(Optional<String> parent) {
            throw unavailable();
        }

        @Override
        public Map<String, String> tags(String accountId) {
            throw unavailable();
        }

        private GuardException unavailable() {
            return GuardException.invalid("this target reads AWS Organizations, which needs credentials: guard run,"
                    + " guard plan --live (or --sandbox) and guard apply read it; an offline plan and guard validate"
                    + " make no AWS call");
        }
    };
}
