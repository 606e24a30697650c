package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class ErrorBudgetTest {
    @Test
    void aShareIsTheExactShareOfTheMembersRoundedDown() {
        assertThat(new ErrorBudget(29, true).allowed(100)).isEqualTo(29);
        for (int members = 0; members <= 1000; members++) {
            for (int percent = 0; percent <= 100; percent++) {
                int exact = BigDecimal.valueOf(members)
                        .multiply(BigDecimal.valueOf(percent))
                        .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR)
                        .intValueExact();
                assertThat(new ErrorBudget(percent, true).allowed(members))
                        .as("%d%% of %d", percent, members)
                        .isEqualTo(exact);
            }
        }
    }

    @Test
    void aCountIsTheCountWhateverTheMembers() {
        assertThat(new ErrorBudget(3, false).allowed(1000)).isEqualTo(3);
        assertThat(new ErrorBudget(3, false).exceeded(3, 10)).isFalse();
        assertThat(new ErrorBudget(3, false).exceeded(4, 10)).isTrue();
    }
}
