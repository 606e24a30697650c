package dev.guard.sandbox.iam;

import dev.guard.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The "Encoded authorization failure message" of EC2's UnauthorizedOperation, and its decoding
 * for STS DecodeAuthorizationMessage. AWS encrypts the message because it can name policies the
 * caller may not read; the sandbox does too (AES-GCM under a key of its own, made per sandbox
 * process), so a client can neither read one as plain base64 nor forge one that decodes.
 */
public final class AuthorizationMessages {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /**
     * What one refused request was, as the decoded message describes it, and the account it was
     * refused in: only a caller of that account can decode it.
     */
    public record Denial(
            String account,
            String principalId,
            Optional<String> principalName,
            String principalArn,
            String action,
            String resource,
            Decision decision,
            Map<String, List<String>> conditions) {}

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public AuthorizationMessages() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            this.key = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no AES on this JVM", e);
        }
    }

    /** The opaque message for {@code denial}: URL-safe base64 of a nonce and the sealed JSON. */
    public String encode(Denial denial) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            // The account is sealed in (authenticated, not stored): decoding for another fails.
            cipher.updateAAD(denial.account().getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(json(denial).getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length);
            out.put(nonce).put(sealed);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal an authorization message", e);
        }
    }

    /**
     * The decoded JSON of a message this sandbox encoded for a denial in {@code account}; empty
     * for anything else, including a message of another account's denial.
     */
    public Optional<String> decode(String encoded, String account) {
        try {
            byte[] all = Base64.getUrlDecoder().decode(encoded.strip());
            // Too short to hold a nonce and GCM's tag: not a message (the cipher would throw
            // ProviderException, not a GeneralSecurityException, on a short input).
            if (all.length < NONCE_BYTES + TAG_BITS / 8) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(account.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException | java.security.ProviderException e) {
            return Optional.empty();
        }
    }

    /** AWS's decoded shape: allowed, explicitDeny, matchedStatements, failures, context. */
    static String json(Denial d) {
        Map<String, Object> principal = new LinkedHashMap<>();
        principal.put("id", d.principalId());
        d.principalName().ifPresent(n -> principal.put("name", n));
        principal.put("arn", d.principalArn());
        List<Object> conditions = new ArrayList<>();
        new TreeMap<>(d.conditions()).forEach((k, values) -> {
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("key", k);
            condition.put(
                    "values",
                    items(values.stream().map(v -> (Object) Map.of("value", v)).toList()));
            conditions.add(condition);
        });
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("principal", principal);
        context.put("action", d.action());
        context.put("resource", d.resource());
        context.put("conditions", items(conditions));
        boolean explicit = d.decision().outcome() == Decision.Outcome.EXPLICIT_DENY;
        List<Object> matched = new ArrayList<>();
        if (explicit) {
            d.decision().decidingStatement().ifPresent(s -> matched.add(matched(s)));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("allowed", d.decision().allowed());
        root.put("explicitDeny", explicit);
        root.put("matchedStatements", items(matched));
        root.put("failures", items(List.of()));
        root.put("context", context);
        return Json.compact(root);
    }

    /** A matched statement as AWS lists it; the sandbox knows its id ("policy#Sid") and effect. */
    private static Map<String, Object> matched(String statement) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statementId", statement.substring(statement.indexOf('#') + 1));
        m.put("effect", "DENY");
        return m;
    }

    private static Map<String, Object> items(List<Object> items) {
        return Map.of("items", items);
    }
}
