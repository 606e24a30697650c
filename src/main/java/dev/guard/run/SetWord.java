package dev.guard.run;

/**
 * The word typed to confirm an account set: the number of accounts the change reaches ("10
 * accounts"), not the set's size — what the operator must have read is how far it reaches. The
 * run ({@link Confirmation}) and {@code guard approve} both ask with it.
 */
public final class SetWord {
    private SetWord() {}

    /** "1 account", "10 accounts" */
    public static String of(long accounts) {
        return accounts + " account" + (accounts == 1 ? "" : "s");
    }
}
