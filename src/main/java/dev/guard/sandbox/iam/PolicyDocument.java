package dev.guard.sandbox.iam;

import dev.guard.json.JsonException;
import dev.guard.json.JsonReader;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed IAM policy: identity-based, resource-based (a bucket policy) or a role's trust policy.
 * Parsing checks the grammar every kind shares; {@link #requireIdentityPolicy()} and {@link
 * #requireResourcePolicy()} add the rules of one kind.
 */
public final class PolicyDocument {
    static final String VERSION_2012 = "2012-10-17";
    static final String VERSION_2008 = "2008-10-17";

    private final String version;
    private final Optional<String> id;
    private final List<Statement> statements;

    PolicyDocument(String version, Optional<String> id, List<Statement> statements) {
        this.version = Objects.requireNonNull(version, "version");
        this.id = Objects.requireNonNull(id, "id");
        this.statements = List.copyOf(statements);
    }

    /** A policy from the tree a JSON or YAML parser yields (maps, lists, strings, booleans, numbers). */
    public static PolicyDocument parse(Object tree) {
        return PolicyParser.parse(tree);
    }

    /** A policy from its JSON text. */
    public static PolicyDocument parseJson(String json) {
        try {
            return parse(JsonReader.parseWithoutNulls(json));
        } catch (JsonException e) {
            throw new PolicyException("policy document " + e.getMessage());
        }
    }

    public List<Statement> statements() {
        return statements;
    }

    /** "2012-10-17", or "2008-10-17" (also when the document names none); only 2012-10-17 has policy variables. */
    public String version() {
        return version;
    }

    public Optional<String> id() {
        return id;
    }

    /** Normalised compact JSON, for GetRole / GetBucketPolicy responses. */
    public String json() {
        return PolicyJson.write(this);
    }

    /** This policy, if it may be attached to a user, group or role: no Principal, and a Resource in every statement. */
    public PolicyDocument requireIdentityPolicy() {
        for (int i = 0; i < statements.size(); i++) {
            Statement statement = statements.get(i);
            if (statement.principal().isPresent()) {
                throw new PolicyException(label(i) + " of an identity-based policy has a "
                        + statement.principal().get().elementName() + " element");
            }
            if (statement.resource().isEmpty()) {
                throw new PolicyException(
                        label(i) + " of an identity-based policy has neither Resource nor NotResource");
            }
        }
        return this;
    }

    /** This policy, if it may be a resource-based or trust policy: a Principal in every statement. */
    public PolicyDocument requireResourcePolicy() {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).principal().isEmpty()) {
                throw new PolicyException(
                        label(i) + " of a resource-based policy has neither Principal nor NotPrincipal");
            }
        }
        return this;
    }

    boolean hasPolicyVariables() {
        return version.equals(VERSION_2012);
    }

    private String label(int index) {
        return statements.get(index).sid().map(sid -> "statement '" + sid + "'").orElse("Statement[" + index + "]");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PolicyDocument that
                && version.equals(that.version)
                && id.equals(that.id)
                && statements.equals(that.statements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, id, statements);
    }

    @Override
    public String toString() {
        return json();
    }
}
