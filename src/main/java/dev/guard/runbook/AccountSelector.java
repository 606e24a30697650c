package dev.guard.runbook;

import dev.guard.yaml.Position;
import dev.guard.yaml.Scalar;
import java.util.Map;
import java.util.Optional;

/**
 * One item of a target's {@code accounts:} list, as written: which accounts it stands for is
 * decided when the plan is built (the config's aliases and groups, or AWS Organizations).
 */
public sealed interface AccountSelector {
    /** Where it is written, for problems and for the plan's "from" column. */
    Position position();

    /**
     * An alias from the config, a 12-digit id, or a glob over the config's aliases ({@code dev-*},
     * {@code ?} and {@code *} only).
     */
    record Named(Scalar name) implements AccountSelector {
        @Override
        public Position position() {
            return name.position();
        }

        /** A glob matches aliases; any other name is one account. */
        public boolean isGlob() {
            return name.text().indexOf('*') >= 0 || name.text().indexOf('?') >= 0;
        }
    }

    /** {@code group: NAME}: the accounts the config lists under {@code groups.NAME}. */
    record Group(Scalar name) implements AccountSelector {
        @Override
        public Position position() {
            return name.position();
        }
    }

    /**
     * AWS Organizations, read with the caller's credentials when the plan is built: the ACTIVE
     * accounts directly under {@code organizationalUnit} (ListAccountsForParent), or in the whole
     * organization (ListAccounts) when it is absent, keeping those whose account tags include every
     * one of {@code tags} (ListTagsForResource). At least one of the two is given.
     */
    record Organization(Optional<Scalar> organizationalUnit, Map<String, String> tags, Position position)
            implements AccountSelector {
        public Organization {
            tags = Map.copyOf(tags);
        }
    }
}
