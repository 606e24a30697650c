package dev.guard.run;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a saved plan adds to a run ({@code guard plan -o}, {@code guard apply}); {@link #NONE} for
 * any other run.
 *
 * @param caller told the caller's ARN as soon as it is known, before any MFA code or discovery: a
 *     plan being saved keeps it, an apply refuses another account by throwing
 * @param targets what each step acts on once read
 * @param approvers who approved the plan (with MFA, at approval time): when not empty, no step asks
 *     for a confirmation — it was typed at approval time, on a terminal — and the audit log names
 *     them. The only way a protected account runs without a terminal.
 * @param planFile the saved plan being applied, as the command named it: run locks name their
 *     holder {@code guard apply FILE}
 */
public record SavedRun(
        Consumer<String> caller, TargetSelection targets, List<String> approvers, Optional<String> planFile) {
    public static final SavedRun NONE = new SavedRun(arn -> {}, TargetSelection.ALL, List.of());

    public SavedRun {
        approvers = List.copyOf(approvers);
    }

    /** Not an apply of a saved plan's file (a plan being saved, a test). */
    public SavedRun(Consumer<String> caller, TargetSelection targets, List<String> approvers) {
        this(caller, targets, approvers, Optional.empty());
    }
}
