package dev.guard.sandbox.seed;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * RFC 4648 base32 (the alphabet A–Z, 2–7), as authenticator apps and AWS's virtual MFA devices
 * use it for TOTP secrets: case-insensitive, spaces ignored, {@code =} padding optional.
 * Messages never contain the input: it is a secret.
 */
public final class Base32 {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {}

    /**
     * Decodes {@code text}.
     *
     * @throws IllegalArgumentException naming the position of the first character outside the
     *     alphabet, or when the length cannot be base32 (1, 3 or 6 characters past a multiple of 8)
     */
    public static byte[] decode(String text) {
        String s = normalize(text);
        // Characters first: a stray '=' or tab also makes the length wrong, and "not base32" is
        // the message that names the actual mistake.
        for (int i = 0; i < s.length(); i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                throw new IllegalArgumentException(
                        "character " + (i + 1) + " is not base32 (A-Z and 2-7; padding only at the end)");
            }
        }
        int remainder = s.length() % 8;
        if (remainder == 1 || remainder == 3 || remainder == 6) {
            throw new IllegalArgumentException(
                    "base32 length " + s.length() + " is impossible (a multiple of 8, plus 0, 2, 4, 5 or 7)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            int value = ALPHABET.indexOf(s.charAt(i));
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out.write((buffer >> bits) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    /** Encodes {@code bytes} without padding, upper case. */
    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(ALPHABET.charAt((buffer >> bits) & 0x1F));
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 0x1F));
        }
        return out.toString();
    }

    /** Upper case, without spaces and trailing padding; {@code =} elsewhere stays and is refused. */
    private static String normalize(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ') {
                s.append(c);
            }
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end).toUpperCase(Locale.ROOT);
    }
}
