package dev.guard.action.s3;

/**
 * Which keys a DeleteObjects request can carry. Its body is XML 1.0, which has no way at all to
 * write most C0 controls (U+0001 even as {@code &#1;}), so one such key makes S3 refuse the whole
 * batch as MalformedXML; and a carriage return, however the request escapes it, may come back raw in
 * the answer, where an XML parser reads it as a line feed — another key. Such keys are deleted one by
 * one with DeleteObject, whose key travels in the URL path.
 */
final class KeysInXml {
    private KeysInXml() {}

    static boolean carried(String key) {
        for (int i = 0; i < key.length(); ) {
            int c = key.codePointAt(i);
            if (!xmlChar(c) || c == '\r') {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /** XML 1.0's {@code Char} production: tab, line feed, carriage return and the non-surrogate rest. */
    private static boolean xmlChar(int c) {
        return c == 0x9
                || c == 0xa
                || c == 0xd
                || (c >= 0x20 && c <= 0xd7ff)
                || (c >= 0xe000 && c <= 0xfffd)
                || (c >= 0x10000 && c <= 0x10ffff);
    }
}
