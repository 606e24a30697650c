package dev.guard.sandbox.sigv4;

/**
 * {@code AWS4-HMAC-SHA256 \n timestamp \n scope \n hex(sha256(canonical request))}, and the
 * strings that sign each chunk and the trailer of an aws-chunked body.
 */
record StringToSign(String timestamp, CredentialScope scope, String canonicalRequestHash) {

    String text() {
        return AuthorizationHeader.ALGORITHM + '\n' + timestamp + '\n' + scope.value() + '\n' + canonicalRequestHash;
    }

    /** What signs one chunk: the previous signature chains the chunks to the seed signature. */
    String forChunk(String previousSignature, String chunkHash) {
        return "AWS4-HMAC-SHA256-PAYLOAD\n" + timestamp + '\n' + scope.value() + '\n' + previousSignature + '\n'
                + Sha256.EMPTY_HASH + '\n' + chunkHash;
    }

    /** What signs the trailing headers: the hash is over their {@code name:value\n} lines. */
    String forTrailer(String previousSignature, String trailerHash) {
        return "AWS4-HMAC-SHA256-TRAILER\n" + timestamp + '\n' + scope.value() + '\n' + previousSignature + '\n'
                + trailerHash;
    }
}
