package dev.guard.plan;

/**
 * {@code maxErrors}: how many members of an account set may fail before the run starts no new one
 * — a count ({@code 3}) or a share of the members ({@code "10%"}, rounded down). As in AWS Systems
 * Manager, members already running finish; {@code 0} (the default) stops starting new members at
 * the first failure, the cautious choice for destructive work.
 *
 * @param value the number as written
 * @param percent whether it is a percentage of the members
 */
public record ErrorBudget(int value, boolean percent) {
    public static final ErrorBudget NONE_ALLOWED = new ErrorBudget(0, false);

    public ErrorBudget {
        if (value < 0 || (percent && value > 100)) {
            throw new IllegalArgumentException("maxErrors out of range: " + value + (percent ? "%" : ""));
        }
    }

    /** How many failed members are allowed out of {@code members}. */
    public int allowed(int members) {
        // In integers: in floating point 29% of 100 is 28.999... and floors to 28.
        return percent ? (int) ((long) members * value / 100) : value;
    }

    /** Whether {@code failed} failures out of {@code members} exceed the budget: start no new member. */
    public boolean exceeded(int failed, int members) {
        return failed > allowed(members);
    }

    @Override
    public String toString() {
        return value + (percent ? "%" : "");
    }
}
