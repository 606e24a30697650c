package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.config.Environment;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The endpoint a run talks to is an http(s) URL with a host and no password, never shown with one. */
class EndpointsTest {
    private static Environment env(Map<String, String> vars) {
        return new Environment(Path.of("/work"), vars, Path.of("/h"));
    }

    @Test
    void theFlagWinsOverTheEnvironmentAndABlankVariableIsNone() {
        Environment withUrl = env(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:2"));

        assertThat(Endpoints.chosen(Optional.of("https://localhost:1"), withUrl))
                .contains(URI.create("https://localhost:1"));
        assertThat(Endpoints.chosen(Optional.empty(), withUrl)).contains(URI.create("http://127.0.0.1:2"));
        assertThat(Endpoints.chosen(Optional.empty(), env(Map.of("AWS_ENDPOINT_URL", " "))))
                .isEmpty();
    }

    @Test
    void errorsNameWhereTheUrlCameFrom() {
        assertThatThrownBy(() -> Endpoints.chosen(Optional.empty(), env(Map.of("AWS_ENDPOINT_URL", "ftp://h"))))
                .hasMessage("AWS_ENDPOINT_URL 'ftp://h' is not an http(s) URL");
        assertThatThrownBy(() -> Endpoints.parse("http://", "--endpoint-url"))
                .hasMessage("--endpoint-url 'http://' is not an http(s) URL");
    }

    @Test
    void aPasswordInTheUrlIsRefusedAndNeverEchoed() {
        assertThatThrownBy(() -> Endpoints.parse("http://me:s3cret@127.0.0.1:9", "--endpoint-url"))
                .hasMessageContaining("has a user name or password in it")
                .hasMessageContaining("http://…@127.0.0.1:9")
                .hasMessageNotContaining("s3cret");
        // Too broken to parse: still hidden.
        assertThatThrownBy(() -> Endpoints.parse("http://me:s3 cret@127.0.0.1:9", "--endpoint-url"))
                .hasMessageContaining("is not an http(s) URL")
                .hasMessageNotContaining("s3");
    }

    @Test
    void aPortBeyond65535IsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> Endpoints.parse("http://127.0.0.1:70000", "--endpoint-url"))
                .hasMessageContaining("has port 70000; a port is 1-65535");
        assertThat(Endpoints.parse("http://127.0.0.1:65535", "x").getPort()).isEqualTo(65535);
    }

    @Test
    void withoutUserInfoKeepsTheSchemeAndHidesTheRestBeforeTheLastAt() {
        assertThat(Endpoints.withoutUserInfo("http://127.0.0.1:9")).isEqualTo("http://127.0.0.1:9");
        assertThat(Endpoints.withoutUserInfo("https://a:b@c@host/p")).isEqualTo("https://…@host/p");
        assertThat(Endpoints.withoutUserInfo("user:pw@host")).isEqualTo("…@host");
    }
}
