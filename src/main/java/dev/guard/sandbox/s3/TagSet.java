package dev.guard.sandbox.s3;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.server.Xml;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * An object's tag set as S3 reads and writes it: the {@code Tagging} XML of Get/PutObjectTagging
 * and the URL-query form of {@code x-amz-tagging}, checked as S3 checks it (at most 10 tags, keys of
 * 1-128 and values of at most 256 characters, no {@code aws:} keys, no key twice).
 */
final class TagSet {
    static final int MAX_TAGS = 10;
    private static final String XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

    private TagSet() {}

    /** The tags of a PutObjectTagging body, checked. */
    static Map<String, String> fromXml(byte[] body) {
        Document doc = RequestXml.parse(body);
        Element root = doc.getDocumentElement();
        if (!"Tagging".equals(root.getLocalName())) {
            throw RequestXml.malformed();
        }
        NodeList sets = root.getElementsByTagNameNS("*", "TagSet");
        if (sets.getLength() != 1) {
            throw RequestXml.malformed();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        NodeList children = sets.item(0).getChildNodes();
        int count = 0;
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
            if (n.getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            if (!"Tag".equals(n.getLocalName())) {
                throw RequestXml.malformed();
            }
            String key = child((Element) n, "Key");
            String value = child((Element) n, "Value");
            if (key == null || value == null) {
                throw RequestXml.malformed();
            }
            count++;
            add(tags, key, value);
        }
        return checked(tags, count);
    }

    /** The tags of an {@code x-amz-tagging} header ({@code k1=v1&k2=v2}), checked. */
    static Map<String, String> fromHeader(String header) {
        Map<String, String> tags = new LinkedHashMap<>();
        int count = 0;
        for (String pair : header.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            Map<String, String> one = Call.decodeForm(pair);
            var e = one.entrySet().iterator().next();
            count++;
            add(tags, e.getKey(), e.getValue());
        }
        return checked(tags, count);
    }

    private static void add(Map<String, String> tags, String key, String value) {
        if (tags.containsKey(key)) {
            throw new AwsError(400, "InvalidTag", "Cannot provide multiple Tags with the same key")
                    .withDetail("TagKey", key);
        }
        tags.put(key, value);
    }

    private static Map<String, String> checked(Map<String, String> tags, int count) {
        if (count > MAX_TAGS) {
            throw new AwsError(400, "BadRequest", "Object tags cannot be greater than 10");
        }
        for (var e : tags.entrySet()) {
            String key = e.getKey();
            if (key.isEmpty() || key.codePointCount(0, key.length()) > 128) {
                throw new AwsError(400, "InvalidTag", "The TagKey you have provided is invalid")
                        .withDetail("TagKey", key);
            }
            if (key.startsWith("aws:")) {
                throw new AwsError(400, "InvalidTag", "Your TagKey cannot be prefixed with aws:")
                        .withDetail("TagKey", key);
            }
            String value = e.getValue();
            if (value.codePointCount(0, value.length()) > 256) {
                throw new AwsError(400, "InvalidTag", "The TagValue you have provided is invalid")
                        .withDetail("TagKey", key)
                        .withDetail("TagValue", value);
            }
        }
        return tags;
    }

    /** The GetObjectTagging answer: every tag, in the order it was given. */
    static byte[] toXml(Map<String, String> tags) {
        Xml xml = new Xml().open("Tagging", XMLNS).open("TagSet");
        tags.forEach(
                (k, v) -> xml.open("Tag").element("Key", k).element("Value", v).close("Tag"));
        return xml.close("TagSet").close("Tagging").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String child(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n.getNodeType() == Node.ELEMENT_NODE && name.equals(n.getLocalName())) {
                return n.getTextContent();
            }
        }
        return null;
    }
}
