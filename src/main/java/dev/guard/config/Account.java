package dev.guard.config;

import java.util.Optional;

/**
 * An AWS account guard may act in. {@code alias} is the name runbooks use; an account a runbook
 * names only by id has its id as alias. {@code protectedAccount} accounts always need a typed
 * confirmation on a terminal.
 */
public record Account(String alias, String id, Optional<String> role, boolean protectedAccount) {
    /** "development (222222222222)", or just the id when there is no alias. */
    public String label() {
        return alias.equals(id) ? id : alias + " (" + id + ")";
    }
}
