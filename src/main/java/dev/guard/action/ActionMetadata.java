package dev.guard.action;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What guard knows about an action before any AWS call: its name, how plans call it, and what the
 * loader and the runbook schema check a step against. One record per action, so an action's facts
 * are read in one place instead of from a method each.
 *
 * @param name what runbooks write, {@code service:Operation}, e.g. {@code ec2:StartInstances}
 * @param title a short verb phrase for plans and listings
 * @param destructive whether the action changes or destroys something (then {@code confirm: none} is refused)
 * @param states the states {@code guards.expectStates} may name; empty when targets have no state
 * @param tagged whether discovery reads the targets' tags, so that {@code guards.refuseTags} can refuse them
 * @param inputKeys the keys allowed under {@code with}
 * @param selectorKey the {@code with} key that makes a step choose its targets by selector, for which
 *     {@code guards.maxTargets} is then required
 */
public record ActionMetadata(
        String name,
        String title,
        boolean destructive,
        Set<String> states,
        boolean tagged,
        List<String> inputKeys,
        Optional<String> selectorKey) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+:[A-Z][A-Za-z0-9]+");

    public ActionMetadata {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("action name '" + name + "' is not service:Operation");
        }
        states = Set.copyOf(states);
        inputKeys = List.copyOf(inputKeys);
        if (selectorKey.isPresent() && !inputKeys.contains(selectorKey.get())) {
            throw new IllegalArgumentException(name + ": selector key " + selectorKey.get() + " is not an input key");
        }
    }

    /** A destructive action whose targets carry tags and no states, with no selector: refine with the withers. */
    public static ActionMetadata destructive(String name, String title, String... inputKeys) {
        return new ActionMetadata(name, title, true, Set.of(), true, List.of(inputKeys), Optional.empty());
    }

    /** The AWS service the action calls ({@code ec2}, {@code dynamodb}, {@code s3}): its name's prefix. */
    public String service() {
        return name.substring(0, name.indexOf(':'));
    }

    /** The same, with targets in these states. */
    public ActionMetadata withStates(Set<String> states) {
        return new ActionMetadata(name, title, destructive, states, tagged, inputKeys, selectorKey);
    }

    /** The same, for targets whose tags discovery does not read ({@code refuseTags} is refused). */
    public ActionMetadata untagged() {
        return new ActionMetadata(name, title, destructive, states, false, inputKeys, selectorKey);
    }

    /** The same, where giving {@code key} under {@code with} selects targets. */
    public ActionMetadata selectedBy(String key) {
        return new ActionMetadata(name, title, destructive, states, tagged, inputKeys, Optional.of(key));
    }
}
