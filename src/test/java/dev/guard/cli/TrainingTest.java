package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingTest {
    @Test
    void commandLinesAreSplitAtNext() {
        List<String[]> lines =
                Training.lines(new String[] {"plan", "a.yaml", "-p", "x=1", "--next", "validate", "a.yaml"});

        assertThat(lines)
                .containsExactly(new String[] {"plan", "a.yaml", "-p", "x=1"}, new String[] {"validate", "a.yaml"});
    }

    @Test
    void oneLineWithoutNext() {
        assertThat(Training.lines(new String[] {"validate"})).containsExactly(new String[][] {{"validate"}});
    }
}
