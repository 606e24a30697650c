package dev.guard.action.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteObjectBatchesTest {
    @Test
    void keysXmlCanCarryIncludingLineFeedsTabsAndBidiGoInBatches() {
        assertThat(KeysInXml.carried("logs/a.txt")).isTrue();
        assertThat(KeysInXml.carried("two\nlines")).isTrue();
        assertThat(KeysInXml.carried("tab\there")).isTrue();
        assertThat(KeysInXml.carried("bidi\u202etxt")).isTrue();
        assertThat(KeysInXml.carried("emoji \ud83d\ude00")).isTrue();
        assertThat(KeysInXml.carried("\u001b[2J")).isFalse(); // ESC: not an XML 1.0 character
    }

    @Test
    void controlsXmlCannotCarryLoneSurrogatesNonCharactersAndCarriageReturnsAreNot() {
        assertThat(KeysInXml.carried("ctl\u0001x")).isFalse();
        assertThat(KeysInXml.carried("nul\u0000")).isFalse();
        assertThat(KeysInXml.carried("cr\rover")).isFalse();
        assertThat(KeysInXml.carried("lone\ud800")).isFalse();
        assertThat(KeysInXml.carried("\ufffe")).isFalse();
    }

    @Test
    void aKeyXmlCannotCarryIsABatchOfItsOwnAndNoKeyIsLostOrRepeated() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2100; i++) {
            keys.add("bulk/o" + i);
        }
        keys.add(5, "bulk/ctl\u0001");
        keys.add(1500, "bulk/cr\r");
        var batches = DeleteObjectOperation.batches(keys);
        assertThat(batches).hasSize(5);
        assertThat(batches.get(0)).hasSize(1000).doesNotContain("bulk/ctl\u0001");
        assertThat(batches.get(2)).hasSize(100);
        assertThat(batches.subList(3, 5)).containsExactly(List.of("bulk/ctl\u0001"), List.of("bulk/cr\r"));
        assertThat(batches.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(keys);
    }
}
