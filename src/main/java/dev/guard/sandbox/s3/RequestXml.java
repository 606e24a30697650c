package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import java.io.ByteArrayInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** S3's XML request bodies (tagging, versioning, DeleteObjects, CompleteMultipartUpload, CreateBucket). */
final class RequestXml {
    private RequestXml() {}

    static AwsError malformed() {
        return new AwsError(
                400,
                "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    /**
     * Parses a request body, namespace-aware (S3's bodies carry its xmlns), with DTDs and external
     * entities disabled (no XXE); anything unparsable is MalformedXML.
     */
    static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            var builder = f.newDocumentBuilder();
            // Refused as MalformedXML, not printed on the sandbox's stderr by the parser's own handler.
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            return builder.parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw malformed();
        }
    }
}
