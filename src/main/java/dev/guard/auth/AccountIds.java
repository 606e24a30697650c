package dev.guard.auth;

import java.util.regex.Pattern;

/** The shape of an AWS account id, checked wherever one enters this package. */
final class AccountIds {
    private static final Pattern TWELVE_DIGITS = Pattern.compile("\\d{12}");

    private AccountIds() {}

    static boolean isValid(String accountId) {
        return accountId != null && TWELVE_DIGITS.matcher(accountId).matches();
    }
}
