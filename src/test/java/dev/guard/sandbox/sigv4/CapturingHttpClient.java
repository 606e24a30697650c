package dev.guard.sandbox.sigv4;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that records what a real SDK client would put on the wire and answers with a
 * canned 200, so a whole client call (with its default signing, checksums and chunking) can be
 * verified without a server.
 */
final class CapturingHttpClient implements SdkHttpClient {
    private final String responseBody;
    private final Map<String, String> responseHeaders;
    private final List<SignedRequest> captured = new ArrayList<>();

    CapturingHttpClient(String responseBody, Map<String, String> responseHeaders) {
        this.responseBody = responseBody;
        this.responseHeaders = responseHeaders;
    }

    SignedRequest last() {
        return captured.get(captured.size() - 1);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                byte[] body =
                        request.contentStreamProvider().map(SdkSigning::read).orElse(new byte[0]);
                captured.add(SdkSigning.received(request.httpRequest(), body));
                SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(200);
                responseHeaders.forEach(response::putHeader);
                byte[] bytes = responseBody.getBytes(StandardCharsets.UTF_8);
                response.putHeader("Content-Length", Integer.toString(bytes.length));
                return HttpExecuteResponse.builder()
                        .response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {}
        };
    }

    @Override
    public void close() {}
}
