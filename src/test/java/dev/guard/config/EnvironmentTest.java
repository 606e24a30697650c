package dev.guard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** guard finds ~ where the AWS CLI and the shell do: in $HOME. */
class EnvironmentTest {
    @Test
    void homeIsDollarHomeNotJavasUserHome() {
        assertThat(Environment.home(Map.of("HOME", "/srv/operator"))).isEqualTo(Path.of("/srv/operator"));
    }

    @Test
    void withoutAUsableHomeItFallsBackToUserHome() {
        Path userHome = Path.of(System.getProperty("user.home"));

        assertThat(Environment.home(Map.of())).isEqualTo(userHome);
        assertThat(Environment.home(Map.of("HOME", ""))).isEqualTo(userHome);
        assertThat(Environment.home(Map.of("HOME", "relative/dir"))).isEqualTo(userHome);
    }

    @Test
    void tildeAndTheXdgDirectoriesFollowHome() {
        Environment env = new Environment(Path.of("/work"), Map.of("XDG_CACHE_HOME", "relative"), Path.of("/h"));

        assertThat(env.resolve("~/.aws/config")).isEqualTo(Path.of("/h/.aws/config"));
        assertThat(env.configHome()).isEqualTo(Path.of("/h/.config"));
        // A relative XDG directory is ignored, as the specification says.
        assertThat(env.cacheHome()).isEqualTo(Path.of("/h/.cache"));
    }
}
