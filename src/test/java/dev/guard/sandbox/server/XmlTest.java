package dev.guard.sandbox.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** Whatever text goes in, the XML that comes out parses, and says what it can of the text. */
class XmlTest {
    private static String roundTrip(String text) throws Exception {
        String xml = new Xml().open("R").element("V", text).close("R").toString();
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement()
                .getTextContent();
    }

    @Test
    void charactersXmlCannotCarryAreReplacedSoTheReplyStillParses() throws Exception {
        assertThat(roundTrip("a\u0001b\u001bc\u0000d")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd");
        assertThat(roundTrip("half \uD800 pair, \uFFFE")).isEqualTo("half \uFFFD pair, \uFFFD");
    }

    @Test
    void escapesMarkupAndKeepsWhatXmlCanCarry() throws Exception {
        String text = "<a href='x'>&\"</a>\ttab\nline\r\nCRLF 東京 \uD83D\uDE80";
        assertThat(roundTrip(text)).isEqualTo(text);
    }
}
