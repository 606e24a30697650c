package dev.guard.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProblemsTest {
    @Test
    void theSameProblemAtTheSamePlaceIsKeptOnce() {
        Problems problems = new Problems(Path.of("r.yaml"));

        problems.add(new Position(1, 1), "bad");
        problems.add(new Position(1, 1), "bad");
        problems.add(new Position(2, 1), "bad");
        problems.warn(new Position(1, 1), "odd");
        problems.warn(new Position(1, 1), "odd");

        assertThat(problems.size()).isEqualTo(2);
        assertThat(problems.warnings()).hasSize(1);
    }

    /** A runbook of 100,000 unknown keys took minutes (each problem compared with every earlier one). */
    @Test
    void aHundredThousandProblemsAreCollectedInLinearTime() {
        Problems problems = new Problems(Path.of("r.yaml"));

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 100_000; i++) {
                problems.add(new Position(i + 1, 1), "unknown key 'x" + i + "'");
            }
        });

        assertThat(problems.size()).isEqualTo(100_000);
    }
}
