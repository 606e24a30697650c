package dev.guard.sandbox.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.sigv4.SigV4Verifier;
import dev.guard.sandbox.sigv4.SignedRequest;
import dev.guard.sandbox.sigv4.Verification;
import dev.guard.sandbox.state.Caller;
import dev.guard.sandbox.state.CredentialRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The sandbox's HTTP endpoint, on loopback only: authenticates every request with SigV4 against
 * the keys the sandbox knows, hands it to the service named in its credential scope, and records
 * it in the journal.
 */
public final class SandboxServer implements AutoCloseable {
    /**
     * Seconds a client may take to send a request's headers and body: a stalled or trickling
     * client is disconnected then, so it holds a worker no longer (JDK HttpServer property).
     */
    static final String MAX_REQUEST_SECONDS = "10";

    /** Workers answering requests; a client still sending its request holds one. */
    static final int WORKERS = 64;

    /** Where the journal is served; no AWS API path starts with it. */
    public static final String JOURNAL_PATH = "/_guard/journal";

    private final HttpServer http;
    private final ExecutorService executor;
    private final Map<String, Service> services = new HashMap<>();
    private final SigV4Verifier verifier;
    private final CredentialRegistry credentials;
    private final Journal journal;
    private final Clock clock;
    private final Consumer<String> debug;
    private final FaultInjector faults;
    private final Consumer<Reply> answered;

    public SandboxServer(
            int port,
            List<Service> services,
            CredentialRegistry credentials,
            Journal journal,
            FaultInjector faults,
            Clock clock,
            Consumer<String> debug)
            throws IOException {
        this(port, services, credentials, journal, faults, clock, debug, reply -> {});
    }

    /** @param answered told of every answer after the journal records it, before it is sent (state saving) */
    public SandboxServer(
            int port,
            List<Service> services,
            CredentialRegistry credentials,
            Journal journal,
            FaultInjector faults,
            Clock clock,
            Consumer<String> debug,
            Consumer<Reply> answered)
            throws IOException {
        this.faults = faults;
        this.answered = answered;
        services.forEach(s -> this.services.put(s.signingName(), s));
        this.credentials = credentials;
        this.journal = journal;
        this.clock = clock;
        this.debug = debug;
        this.verifier = new SigV4Verifier(credentials, clock);
        // Without TCP_NODELAY a response's headers and body wait out the client's delayed ACK
        // (~40 ms a request); the JDK server reads this property when it is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // Read once per JVM, when the first server is created; an operator's own setting wins.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        }
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        this.executor = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "sandbox-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", this::exchange);
        // Not an AWS API: the journal, for `guard sandbox journal`. Loopback only, like the rest.
        http.createContext(JOURNAL_PATH, this::journal);
        http.start();
    }

    /** The endpoint URL clients are pointed at, e.g. {@code http://127.0.0.1:4566}. */
    /** The fault rules' injector: what they did ({@link FaultInjector#mostDelayedAtOnce}). */
    public FaultInjector faults() {
        return faults;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private void exchange(HttpExchange ex) throws IOException {
        String requestId = requestId();
        try (ex) {
            Map<String, List<String>> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
            URI uri = ex.getRequestURI();
            SignedRequest headersOnly =
                    new SignedRequest(ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, null);
            Service addressed = addressed(headersOnly);
            BodyLimit limit = BodyLimit.of(addressed.signingName());
            Optional<Reply> refused = refuseUnread(headersOnly, addressed, limit, ex, requestId);
            Optional<byte[]> body = refused.isPresent() ? Optional.empty() : limit.read(ex.getRequestBody());
            if (refused.isEmpty() && body.isEmpty()) {
                refused = Optional.of(anonymous(addressed, limit.tooLarge(-1), requestId));
            }
            if (refused.isPresent()) {
                if (headersOnly.header("content-length") != null && !"0".equals(headersOnly.header("content-length"))
                        || headersOnly.header("transfer-encoding") != null) {
                    // The body is left unread: the connection cannot carry another request.
                    ex.getResponseHeaders().set("Connection", "close");
                }
                send(ex, refused.get(), requestId, addressed.signingName());
                return;
            }
            SignedRequest request =
                    new SignedRequest(ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body.get());
            Reply reply = answer(request, requestId);
            if (reply != null) {
                send(ex, reply, requestId, addressed.signingName());
            }
        }
    }

    /**
     * A random (version 4) UUID, as AWS request ids look. Not a secret, so ThreadLocalRandom
     * rather than UUID.randomUUID's SecureRandom, which every request paid for under a lock.
     */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /**
     * A refusal decided before the body is held, so an unauthenticated client cannot make the
     * sandbox read (and keep) a large one: authentication that fails on the headers alone (see
     * {@link SigV4Verifier#checkHeaders}), or a declared length over the limit. A signed client's
     * too-large body is read and discarded first, so its SDK (which sends it all) sees the answer.
     */
    private Optional<Reply> refuseUnread(
            SignedRequest headersOnly, Service addressed, BodyLimit limit, HttpExchange ex, String requestId)
            throws IOException {
        Optional<Verification> check = verifier.checkHeaders(headersOnly);
        if (check.isPresent() && check.get() instanceof Verification.Rejected rejected) {
            // A small query-protocol form is read even so: the journal names the action it asked for.
            Optional<SignedRequest> form = UnsignedForm.read(headersOnly, addressed.signingName(), ex);
            if (form.isPresent() && rejected.reason() == dev.guard.sandbox.sigv4.Reason.MISSING_AUTHENTICATION) {
                return Optional.of(unsignedForm(rejected, form.get(), addressed, requestId));
            }
            return Optional.of(rejection(rejected, form.orElse(headersOnly), requestId));
        }
        Optional<AwsError> tooLarge = limit.refuseDeclared(headersOnly);
        if (tooLarge.isEmpty()) {
            return Optional.empty();
        }
        if (check.isPresent()) {
            ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
        }
        return Optional.of(anonymous(addressed, tooLarge.get(), requestId));
    }

    private Reply anonymous(Service service, AwsError error, String requestId) {
        return record("anonymous", service, service.render(error, requestId, "?"), requestId, error.code());
    }

    /** The service a request is addressed to (its credential scope's, else a guess), for the shape of its errors. */
    private Service addressed(SignedRequest request) {
        return services.getOrDefault(guessService(request), services.get("sts"));
    }

    /**
     * An unsigned query-protocol form (botocore sends AssumeRoleWithWebIdentity and
     * AssumeRoleWithSAML unsigned, by design): an operation the sandbox does not model is refused
     * as every unmodelled operation is, InvalidAction; any other is refused for its missing
     * signature. Either way the journal names the action the form asked for.
     */
    private Reply unsignedForm(Verification.Rejected rejected, SignedRequest form, Service service, String requestId) {
        String action = Call.decodeForm(new String(form.body(), java.nio.charset.StandardCharsets.UTF_8))
                .getOrDefault("Action", "");
        if (!UnsignedForm.UNSIGNED_OPERATIONS.contains(action)
                || service.modelledOperations().contains(action)) {
            return rejection(rejected, form, requestId);
        }
        AwsError error =
                new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
        Reply reply = service.render(error, requestId, "?");
        return record(
                "anonymous",
                service,
                new Reply(
                        reply.status(),
                        reply.contentType(),
                        reply.body(),
                        reply.headers(),
                        service.signingName() + ":" + action,
                        "*",
                        Optional.empty(),
                        false),
                requestId,
                error.code(),
                Optional.of("not modelled: " + action + " (an unsigned operation)"),
                action,
                Optional.empty());
    }

    /** S3's x-amz-id-2: an opaque base64 token; here derived from the request id. */
    private static String hostId(String requestId) {
        return java.util.Base64.getEncoder()
                .encodeToString(requestId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Reply rejection(Verification.Rejected rejected, SignedRequest request, String requestId) {
        Service service = addressed(request);
        if (!rejected.canonicalRequest().isEmpty()) {
            debug.accept("signature check failed: " + rejected.message() + "\ncanonical request:\n"
                    + rejected.canonicalRequest() + "\nstring to sign:\n" + rejected.stringToSign());
        }
        AwsError error = service.authenticationError(rejected.reason(), rejected.message());
        // Who asked is not known, but what was asked usually is: journal the operation it names.
        Call unauthenticated = new Call(
                null,
                "",
                request.method(),
                request.rawPath(),
                request.rawQuery(),
                request.headers(),
                request.body(),
                "",
                requestId,
                clock.instant());
        String operation = operationOf(service, unauthenticated);
        return record(
                "anonymous",
                service,
                named(service, unauthenticated, operation, service.render(error, requestId, "?")),
                requestId,
                error.code(),
                // No policy was evaluated: the request was refused before, for its authentication.
                Optional.of(
                        rejected.reason() == dev.guard.sandbox.sigv4.Reason.MISSING_AUTHENTICATION
                                ? "anonymous (unsigned) request: the sandbox models no public access and refuses it,"
                                        + " as Block Public Access does; no policy was evaluated"
                                : "not authenticated ("
                                        + rejected.reason().name().toLowerCase(java.util.Locale.ROOT)
                                        + "): no policy was evaluated"),
                operation,
                Optional.empty());
    }

    /** Not an AWS API: only {@code GET /_guard/journal} exactly; anything else under it is 404 or 405. */
    private void journal(HttpExchange ex) throws IOException {
        try (ex) {
            if (!JOURNAL_PATH.equals(ex.getRequestURI().getRawPath())) {
                plain(ex, 404, "Not found: the journal is GET " + JOURNAL_PATH);
                return;
            }
            if (!ex.getRequestMethod().equals("GET")) {
                ex.getResponseHeaders().set("Allow", "GET");
                plain(ex, 405, "Method not allowed: the journal is GET " + JOURNAL_PATH);
                return;
            }
            byte[] body = JournalJson.lines(journal.entries());
            ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static void plain(HttpExchange ex, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private Reply answer(SignedRequest request, String requestId) {
        Verification verification = verifier.verify(request);
        if (verification instanceof Verification.Rejected rejected) {
            return rejection(rejected, request, requestId);
        }
        Verification.Verified verified = (Verification.Verified) verification;
        Service service = services.get(verified.service());
        Caller caller = credentials.caller(verified.credential().accessKeyId()).orElseThrow();
        if (service == null) {
            AwsError error = new AwsError(400, "UnknownService", "The sandbox does not serve " + verified.service());
            return record(
                    caller.principal().arn(),
                    services.get("sts"),
                    services.get("sts").render(error, requestId, "?"),
                    requestId,
                    error.code());
        }
        Call call = new Call(
                caller,
                verified.credential().accessKeyId(),
                request.method(),
                request.rawPath(),
                request.rawQuery(),
                withTrailers(request.headers(), verified.trailers()),
                verified.payload(),
                verified.region(),
                requestId,
                clock.instant());
        return handle(service, caller, call, requestId);
    }

    /**
     * A verified call through its fault rule (if any) and its service, journaled; null when a fault
     * drops the connection or loses the reply.
     */
    private Reply handle(Service service, Caller caller, Call call, String requestId) {
        String operation = operationOf(service, call);
        try {
            Optional<FaultInjector.Fault> fault = faults.apply(service, service.operation(call));
            if (fault.isPresent() && fault.get() instanceof FaultInjector.Fault.Fail fail) {
                return record(
                        caller.principal().arn(),
                        service,
                        named(service, call, operation, service.render(fail.error(), requestId, "?")),
                        requestId,
                        "fault: " + fail.error().code(),
                        Optional.empty(),
                        operation,
                        Optional.empty());
            }
            if (fault.isPresent() && fault.get() instanceof FaultInjector.Fault.Drop) {
                debug.accept("fault: dropping the connection of request " + requestId);
                return null;
            }
            Reply answered = service.handle(call);
            Optional<Decision> policy =
                    call.evaluations().allowed(answered.action()).map(Evaluations.Evaluation::decision);
            Reply reply = record(
                    caller.principal().arn(),
                    service,
                    answered,
                    requestId,
                    "allowed",
                    Optional.empty(),
                    operation,
                    policy);
            if (fault.isPresent() && fault.get() instanceof FaultInjector.Fault.LoseReply) {
                debug.accept("fault: request " + requestId + " was handled; its reply is lost");
                return null;
            }
            if (fault.isPresent() && fault.get() instanceof FaultInjector.Fault.LateReply late) {
                Thread.sleep(late.millis());
            }
            return reply;
        } catch (AwsError e) {
            return refused(service, caller, call, e, operation);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            debug.accept("internal error: " + e);
            AwsError error =
                    new AwsError(500, "InternalError", "We encountered an internal error. Please try again.", false);
            return record(
                    caller.principal().arn(),
                    service,
                    named(service, call, operation, service.render(error, requestId, "?")),
                    requestId,
                    error.code(),
                    Optional.empty(),
                    operation,
                    Optional.empty());
        }
    }

    /**
     * A refused call, journaled with what was refused and why: the action and resource the error
     * names, else those of the last policy evaluation (the one that refused it, or the allow an
     * error like NoSuchKey came after), else the operation asked for and the resource it names.
     * The statement is the one that decided: an error that says why it refused ({@link
     * AwsError#because}) names its own (none for a refusal no policy decided — MFA Delete, a
     * missing role — even after an allow), and so does any other 403 no policy denied, with
     * "refused: CODE" as its reason; a NoSuchKey and the like keep the allow they came after.
     */
    private Reply refused(Service service, Caller caller, Call call, AwsError e, String operation) {
        Optional<Evaluations.Evaluation> last = call.evaluations().last();
        String action = e.action()
                .or(() -> last.map(Evaluations.Evaluation::action))
                .orElseGet(() -> actionName(service, operation));
        String resource = e.resource()
                .or(() -> last.map(Evaluations.Evaluation::resource))
                .orElseGet(() -> resourceOf(service, call));
        Optional<Decision> policy = last.filter(l -> l.action().equals(action)).map(Evaluations.Evaluation::decision);
        Optional<Decision> denial = policy.filter(d -> !d.allowed());
        // A 403 after an allow was refused by something else than the policy that allowed.
        boolean unexplained = e.reason().isEmpty() && denial.isEmpty() && e.status() == 403;
        Optional<String> statement = e.reason().isPresent() || unexplained
                ? e.decidingStatement()
                : policy.flatMap(Decision::decidingStatement);
        Optional<String> reason = e.reason()
                .or(() -> denial.map(Decision::explanation))
                .or(() -> unexplained ? Optional.of("refused: " + e.code()) : Optional.empty());
        Reply rendered = service.render(e, call.requestId(), "?");
        Reply journaled = new Reply(
                rendered.status(),
                rendered.contentType(),
                rendered.body(),
                rendered.headers(),
                action,
                resource,
                statement,
                false);
        return record(
                caller.principal().arn(), service, journaled, call.requestId(), e.code(), reason, operation, policy);
    }

    /** A reply rendered without a journal name, named after the operation asked for. */
    private static Reply named(Service service, Call call, String operation, Reply r) {
        return new Reply(
                r.status(),
                r.contentType(),
                r.body(),
                r.headers(),
                actionName(service, operation),
                resourceOf(service, call),
                Optional.empty(),
                false);
    }

    /** service:Operation, or "?" when the operation cannot be told. */
    private static String actionName(Service service, String operation) {
        return operation.isEmpty() ? "?" : service.signingName() + ":" + operation;
    }

    /** The operation a request asks for; "" when it cannot be told (a malformed request, say). */
    private static String operationOf(Service service, Call call) {
        try {
            return service.operation(call);
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private static String resourceOf(Service service, Call call) {
        try {
            return service.resource(call);
        } catch (RuntimeException unreadable) {
            return "*";
        }
    }

    /** An aws-chunked body's trailers (checksums) are headers sent late: services read them as headers. */
    private static Map<String, List<String>> withTrailers(
            Map<String, List<String>> headers, Map<String, String> trailers) {
        if (trailers.isEmpty()) {
            return headers;
        }
        Map<String, List<String>> all = new HashMap<>(headers);
        trailers.forEach((name, value) -> all.put(name, List.of(value)));
        return all;
    }

    private Reply record(String principal, Service service, Reply reply, String requestId, String decision) {
        return record(principal, service, reply, requestId, decision, Optional.empty(), "", Optional.empty());
    }

    private Reply record(
            String principal,
            Service service,
            Reply reply,
            String requestId,
            String decision,
            Optional<String> reason,
            String operation,
            Optional<Decision> policy) {
        journal.record(new Journal.Entry(
                clock.instant(),
                requestId,
                principal,
                service.signingName(),
                reply.action(),
                reply.resource(),
                decision,
                reply.decidingStatement(),
                reply.mutated(),
                reply.status(),
                reason,
                operation,
                policy));
        answered.accept(reply);
        return reply;
    }

    /** Which service a request that failed authentication was meant for, so its error has the right shape. */
    private static String guessService(SignedRequest request) {
        Optional<String> scope = Optional.ofNullable(request.header("authorization"))
                .filter(a -> a.contains("Credential="))
                .map(a -> a.split("Credential=", 2)[1])
                .or(() -> Optional.ofNullable(request.rawQuery())
                        .filter(q -> q.contains("X-Amz-Credential="))
                        .map(q -> java.net.URLDecoder.decode(
                                q.split("X-Amz-Credential=", 2)[1].split("&")[0],
                                java.nio.charset.StandardCharsets.UTF_8)));
        if (scope.isPresent()) {
            String[] parts = scope.get().split("/");
            if (parts.length > 3) {
                return parts[3];
            }
        }
        String target = request.header("x-amz-target");
        if (target != null) {
            return target.startsWith("AWSOrganizations") ? "organizations" : "dynamodb";
        }
        boolean form = Optional.ofNullable(request.header("content-type"))
                .filter(t -> t.startsWith("application/x-www-form-urlencoded"))
                .isPresent();
        // Query-protocol services POST forms to "/"; anything else with a path is S3.
        return form || "/".equals(request.rawPath()) && request.method().equals("POST") ? "sts" : "s3";
    }

    private static void send(HttpExchange ex, Reply reply, String requestId, String service) throws IOException {
        ex.getResponseHeaders().set("Content-Type", reply.contentType());
        if (service.equals("s3")) {
            // S3's own request-id headers (the SDKs read RequestId and HostId from them).
            ex.getResponseHeaders().set("x-amz-request-id", requestId);
            ex.getResponseHeaders().set("x-amz-id-2", hostId(requestId));
        } else {
            ex.getResponseHeaders().set("x-amzn-RequestId", requestId);
        }
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
        ex.sendResponseHeaders(reply.status(), head || reply.body().length == 0 ? -1 : reply.body().length);
        if (!head && reply.body().length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
