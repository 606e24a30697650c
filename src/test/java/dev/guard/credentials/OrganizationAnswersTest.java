package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.plan.Organization;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@link OrganizationReader} against an endpoint that is not quite AWS Organizations (the JDK's
 * HTTP server, answering what a test scripts): pages without end, answers that are not its JSON,
 * input AWS refuses. Each is one line and a documented exit code, never a hang or "internal error".
 */
class OrganizationAnswersTest {
    private static final String ACCOUNT = "{\"Id\":\"123456789012\",\"Name\":\"dev\",\"State\":\"ACTIVE\"}";

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A reader of an endpoint that answers request n (from 1) with {@code answer.apply(n)}: "status body". */
    private Organization reader(IntFunction<String> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String reply = answer.apply(requests.incrementAndGet());
            int space = reply.indexOf(' ');
            byte[] body = reply.substring(space + 1).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            // A connection a request: kept alive, each answer waits ~45 ms on a delayed ACK.
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(Integer.parseInt(reply.substring(0, space)), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new OrganizationReader(
                new AwsClients(Optional.of(endpoint)),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAEXAMPLEEXAMPLE", "not-a-secret")),
                new Calls(2, Duration.ofMillis(1), line -> {}));
    }

    private static void refused(Runnable read, int exitCode, String message) {
        assertThatThrownBy(read::run)
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(exitCode))
                .hasMessage(message);
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without the check, it never ends
    void aNextTokenGivenTwiceStopsTheReadingAtOnce() throws Exception {
        Organization org = reader(n -> "200 {\"Accounts\":[" + ACCOUNT + "],\"NextToken\":\"same\"}");

        refused(
                () -> org.accounts(Optional.of("ou-ab12-cdef3456")),
                ExitCode.ACTION_FAILED,
                "AWS Organizations ListAccountsForParent answered a NextToken it had already given (page 2);"
                        + " stopped reading instead of going round forever");
        assertThat(requests).hasValue(2);
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void pagesWithoutEndStopAfterAThousand() throws Exception {
        Organization org = reader(n -> "200 {\"Accounts\":[" + ACCOUNT + "],\"NextToken\":\"t" + n + "\"}");

        refused(
                () -> org.accounts(Optional.empty()),
                ExitCode.ACTION_FAILED,
                "AWS Organizations ListAccounts answered more than 1000 pages; stopped reading (no organization"
                        + " has that many accounts)");
        assertThat(requests).hasValue(OrganizationReader.MAX_PAGES);
    }

    @Test
    void anAnswerThatIsNotJsonIsOneLineNotAnInternalError() throws Exception {
        Organization org = reader(n -> "200 <html>captive portal</html>");

        assertThatThrownBy(() -> org.accounts(Optional.empty()))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.ACTION_FAILED))
                .hasMessageStartingWith(
                        "AWS Organizations answered something that is not its JSON (ListAccounts): the answer is not"
                                + " valid JSON")
                .hasMessageNotContaining("\n");
    }

    @Test
    void everyFieldOfAnAccountIsChecked() throws Exception {
        String[] pages = {
            "{\"Accounts\":[{\"Id\":\"12345\",\"Name\":\"dev\",\"State\":\"ACTIVE\"}]}",
            "{\"Accounts\":[{\"Id\":123456789012,\"Name\":\"dev\",\"State\":\"ACTIVE\"}]}",
            "{\"Accounts\":[" + ACCOUNT + ",{\"Id\":\"123456789013\",\"State\":\"ACTIVE\"}]}",
            "{\"Accounts\":[{\"Id\":\"123456789012\",\"Name\":\"dev\",\"State\":\"\\u001b[2J\"}]}",
            "{\"Accounts\":[{\"Id\":\"123456789012\",\"Name\":\"dev\",\"Status\":7}]}",
            "{\"Accounts\":[\"123456789012\"]}",
            "{\"Accounts\":{}}",
            "{}",
            "{\"Accounts\":[" + ACCOUNT + "],\"NextToken\":5}",
        };
        Organization org = reader(n -> "200 " + pages[n - 1]);
        String[] why = {
            "account 1 of the page's Id is not 12 digits",
            "account 1 of the page's Id is not text",
            "account 2 of the page's Name is missing",
            "account 1 of the page's State is not an account state",
            "account 1 of the page's Status is not text",
            "account 1 of the page is not an object",
            "Accounts is not a list",
            "Accounts is missing",
            "its NextToken is not text",
        };
        for (String w : why) {
            refused(
                    () -> org.accounts(Optional.empty()),
                    ExitCode.ACTION_FAILED,
                    "AWS Organizations answered something that is not its JSON (ListAccounts): " + w);
        }
    }

    @Test
    void tagsMustBeTextToo() throws Exception {
        Organization org = reader(n -> "200 {\"Tags\":[{\"Key\":\"env\",\"Value\":null}]}");

        refused(
                () -> org.tags("123456789012"),
                ExitCode.ACTION_FAILED,
                "AWS Organizations answered something that is not its JSON (ListTagsForResource): tag 1 of the"
                        + " page's Value is missing");
    }

    @Test
    void anOuIdAwsWillNotTakeIsInvalidInputExit2() throws Exception {
        String[] errors = {"InvalidInputException", "ConstraintViolationException"};
        Organization org = reader(n -> "400 {\"__type\":\"" + errors[n - 1] + "\",\"message\":\"no such form\"}");

        for (String error : errors) {
            refused(
                    () -> org.accounts(Optional.of("ou-ab12-cdef3456")),
                    ExitCode.INVALID_INPUT,
                    "organizationalUnit ou-ab12-cdef3456 was refused by AWS Organizations as input (" + error
                            + ": no such form)");
        }
    }

    @Test
    void aGoodAnswerStillReads() throws Exception {
        Organization org = reader(n -> n == 1
                ? "200 {\"Accounts\":[" + ACCOUNT + "],\"NextToken\":\"a\"}"
                : "200 {\"Accounts\":[{\"Id\":\"210987654321\",\"Name\":\"old\",\"Status\":\"SUSPENDED\"}]}");

        assertThat(org.accounts(Optional.empty()))
                .containsExactly(
                        new Organization.MemberAccount("123456789012", "dev", "ACTIVE"),
                        new Organization.MemberAccount("210987654321", "old", "SUSPENDED"));
    }
}
