package dev.guard.cli;

import dev.guard.config.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * The shell's history, kept in {@code $XDG_STATE_HOME/guard/shell_history} (directory 0700, file
 * 0600) so Up-arrow recalls yesterday's commands. A line that carries a secret is never kept, not
 * even in memory: an MFA code, a key id, a secret key or a session token. Answers typed at a
 * command's prompts never reach it at all ({@code LineTerminal} reads them with history disabled).
 */
final class ShellHistory extends DefaultHistory {
    /** {@code --mfa-code} in any spelling, or a standalone 6-digit number (a code typed as a word). */
    private static final Pattern MFA_CODE = Pattern.compile("--mfa-code|(?<![\\w-])\\d{6}(?![\\w-])");

    /** An access key id (long-term AKIA or temporary ASIA): half a credential, never needed in a command. */
    private static final Pattern KEY_ID = Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])");

    /** 40 characters of base64 with no other base64 around them: a secret access key's shape. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])");

    /** A long run of base64: a session token (AWS's are hundreds of characters). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9/+=]{100,}");

    /**
     * Whether {@code line} may be kept. A 40-character run counts as a secret key only when it mixes
     * upper case, lower case and digits, as generated keys do, so a long lower-case path stays.
     */
    static boolean keeps(String line) {
        if (MFA_CODE.matcher(line).find()
                || KEY_ID.matcher(line).find()
                || TOKEN.matcher(line).find()) {
            return false;
        }
        var secret = SECRET_KEY.matcher(line);
        while (secret.find()) {
            String s = secret.group();
            if (s.chars().anyMatch(Character::isUpperCase)
                    && s.chars().anyMatch(Character::isLowerCase)
                    && s.chars().anyMatch(Character::isDigit)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Keeps {@code line} unless it carries a secret; {@code exit} and {@code quit} are not kept
     * either, so Up-arrow in the next shell recalls the last command rather than the way out.
     */
    @Override
    public void add(Instant time, String line) {
        String word = line.strip();
        if (keeps(line) && !word.equals("exit") && !word.equals("quit")) {
            super.add(time, line);
        }
    }

    /**
     * The history file, its directory made 0700 and the file 0600 before JLine opens it (JLine
     * appends to it with the default umask otherwise); empty when it cannot be made private, and
     * then the history stays in memory.
     */
    static Optional<Path> file(Environment env, java.util.function.Consumer<String> warn) {
        Path dir = env.stateHome().resolve("guard");
        Path file = dir.resolve("shell_history");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (Files.isSymbolicLink(file)) {
                throw new IOException("it is a symbolic link");
            }
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return Optional.of(file);
        } catch (IOException | UnsupportedOperationException e) {
            warn.accept("history stays in memory: cannot use " + file + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }
}
