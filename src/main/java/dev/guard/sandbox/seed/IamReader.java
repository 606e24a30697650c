package dev.guard.sandbox.seed;

import dev.guard.yaml.Fields;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads an account's IAM side: groups, users (keys, MFA devices, memberships) and roles. */
final class IamReader {
    private final Problems problems;
    private final PolicyChecker checker;
    private final SeedYaml.Unique userNames;
    private final SeedYaml.Unique accessKeyIds;
    private final SeedYaml.Unique mfaSerials;

    IamReader(Problems problems) {
        this.problems = problems;
        this.checker = new PolicyChecker(problems);
        // World-wide: `guard sandbox env USER` names a user without an account, and the sandbox
        // finds a caller by access key id and a device by serial.
        this.userNames = new SeedYaml.Unique("user name", problems);
        this.accessKeyIds = new SeedYaml.Unique("access key id", problems);
        this.mfaSerials = new SeedYaml.Unique("MFA device serial", problems);
    }

    List<SeedGroup> groups(Fields account) {
        List<SeedGroup> out = new ArrayList<>();
        SeedYaml.Unique names = new SeedYaml.Unique("group name", problems);
        for (Fields g : SeedYaml.items(account, "groups")) {
            g.allowOnly("name", "policies");
            Optional<Scalar> name = SeedYaml.string(g, "name", SeedRules::longIamName);
            names.claim(name, g.child("name"));
            out.add(new SeedGroup(SeedYaml.text(name), policies(g, PolicyChecker.Kind.IDENTITY)));
        }
        return out;
    }

    List<SeedUser> users(Fields account, String accountId, List<SeedGroup> groups) {
        Set<String> groupNames = new TreeSet<>();
        groups.forEach(g -> groupNames.add(g.name()));
        List<SeedUser> out = new ArrayList<>();
        for (Fields u : SeedYaml.items(account, "users")) {
            u.allowOnly("name", "accessKeyId", "secretAccessKey", "mfaDevice", "groups", "policies");
            Optional<Scalar> name = SeedYaml.string(u, "name", SeedRules::iamName);
            userNames.claim(name, u.child("name"));
            Optional<Scalar> keyId = SeedYaml.string(u, "accessKeyId", SeedRules::accessKeyId);
            accessKeyIds.claim(keyId, u.child("accessKeyId"));
            Optional<Scalar> secret = SeedYaml.string(u, "secretAccessKey", SeedRules::secretAccessKey);
            Optional<SeedMfaDevice> device = u.mapping("mfaDevice", false).map(d -> device(d, accountId));
            List<String> memberOf = new ArrayList<>();
            u.stringList("groups", false)
                    .ifPresent(list -> list.forEach(g -> {
                        if (!groupNames.contains(g.text())) {
                            problems.add(
                                    g.position(),
                                    u.child("groups") + ": group '" + g.text() + "' is not defined in this account"
                                            + (groupNames.isEmpty()
                                                    ? " (it has no groups)"
                                                    : " (groups: " + String.join(", ", groupNames) + ")"));
                        }
                        memberOf.add(g.text());
                    }));
            out.add(new SeedUser(
                    SeedYaml.text(name),
                    SeedYaml.text(keyId),
                    SeedYaml.text(secret),
                    device,
                    memberOf,
                    policies(u, PolicyChecker.Kind.IDENTITY)));
        }
        return out;
    }

    /** An account's root user: its access key and, for MFA Delete, its virtual MFA device. */
    SeedRoot root(Fields r, String accountId) {
        r.allowOnly("accessKeyId", "secretAccessKey", "mfaDevice");
        Optional<Scalar> keyId = SeedYaml.string(r, "accessKeyId", SeedRules::accessKeyId);
        accessKeyIds.claim(keyId, r.child("accessKeyId"));
        Optional<Scalar> secret = SeedYaml.string(r, "secretAccessKey", SeedRules::secretAccessKey);
        Optional<SeedMfaDevice> device = r.mapping("mfaDevice", false).map(d -> device(d, accountId));
        return new SeedRoot(SeedYaml.text(keyId), SeedYaml.text(secret), device);
    }

    private SeedMfaDevice device(Fields d, String accountId) {
        d.allowOnly("serial", "secret");
        Optional<Scalar> serial = SeedYaml.string(d, "serial", v -> SeedRules.mfaSerial(v, accountId));
        mfaSerials.claim(serial, d.child("serial"));
        Optional<Scalar> secret = SeedYaml.string(d, "secret", SeedRules::base32Secret);
        return new SeedMfaDevice(SeedYaml.text(serial), SeedYaml.text(secret));
    }

    List<SeedRole> roles(Fields account) {
        List<SeedRole> out = new ArrayList<>();
        SeedYaml.Unique names = new SeedYaml.Unique("role name", problems);
        for (Fields r : SeedYaml.items(account, "roles")) {
            r.allowOnly("name", "trustPolicy", "policies", "maxSessionDurationSeconds");
            Optional<Scalar> name = SeedYaml.string(r, "name", SeedRules::iamName);
            names.claim(name, r.child("name"));
            Object trust = r.node("trustPolicy", true)
                    .map(n -> {
                        checker.check(n, r.child("trustPolicy"), PolicyChecker.Kind.TRUST);
                        return PlainTree.toPlain(n);
                    })
                    .orElse(null);
            // IAM's own range for a role's maximum session: 1 h to 12 h.
            long max =
                    r.integer("maxSessionDurationSeconds", false, 3600, 43_200).orElse(3600);
            out.add(new SeedRole(SeedYaml.text(name), trust, policies(r, PolicyChecker.Kind.IDENTITY), (int) max));
        }
        return out;
    }

    /** An owner's named policies; the names are unique per owner, as IAM's are. */
    List<SeedPolicy> policies(Fields owner, PolicyChecker.Kind kind) {
        List<SeedPolicy> out = new ArrayList<>();
        SeedYaml.Unique names = new SeedYaml.Unique("policy name", problems);
        for (Fields p : SeedYaml.items(owner, "policies")) {
            p.allowOnly("name", "document");
            Optional<Scalar> name = SeedYaml.string(p, "name", SeedRules::longIamName);
            names.claim(name, p.child("name"));
            p.node("document", true).ifPresent(doc -> {
                checker.check(doc, p.child("document"), kind);
                out.add(new SeedPolicy(SeedYaml.text(name), PlainTree.toPlain(doc)));
            });
        }
        return out;
    }

    PolicyChecker checker() {
        return checker;
    }
}
