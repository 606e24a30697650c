package dev.guard.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A saved plan acts only in the account set it was made (and approved) for. */
class SetDriftTest {
    @Test
    void theSameMembersInAnyOrderAreNoDrift() {
        assertThat(SetDrift.of(
                        List.of("prep", "stop@development", "stop@staging"),
                        List.of("prep", "stop@staging", "stop@development")))
                .isEmpty();
    }

    @Test
    void anAccountAddedOrGoneIsNamedInOneLine() {
        assertThat(SetDrift.of(
                        List.of("stop@development/us-east-1", "stop@staging/us-east-1"),
                        List.of("stop@development/us-east-1", "stop@700000000001/us-east-1")))
                .hasValue(
                        "the account set of step stop changed since the plan was made (added:"
                                + " 700000000001/us-east-1; gone: staging/us-east-1): make a new plan with guard plan --live -o");
    }

    @Test
    void aLongListIsCut() {
        List<String> now = new ArrayList<>(List.of("stop@development"));
        for (int i = 1; i <= 8; i++) {
            now.add("stop@70000000000" + i);
        }
        assertThat(SetDrift.of(List.of("stop@development"), now))
                .hasValueSatisfying(why -> assertThat(why)
                        .contains("added: 700000000001, 700000000002, 700000000003, 700000000004, 700000000005 and 3"
                                + " more)"));
    }

    @Test
    void aSetThatNowMatchesNothingHasEveryMemberGone() {
        assertThat(SetDrift.of(List.of("stop@development", "other"), List.of("other")))
                .hasValueSatisfying(why -> assertThat(why).contains("(gone: development)"));
    }
}
