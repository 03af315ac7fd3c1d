package dev.switchboard.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ids keep the shapes clients check, spread over the whole alphabet, and do not repeat. */
class WireIdsTest {

    @Test
    void idsHaveTheirShapesUseEveryBase62DigitAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        Set<Character> digits = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = WireIds.messageId();
            assertTrue(id.matches("msg_[0-9A-Za-z]{24}"), id);
            assertTrue(seen.add(id), "repeated " + id);
            for (char c : id.substring(4).toCharArray()) {
                digits.add(c);
            }
        }
        assertEquals(62, digits.size(), "every digit appears");
        assertTrue(WireIds.chatCompletionId().matches("chatcmpl-[0-9A-Za-z]{24}"));
        assertTrue(WireIds.random("x", 37).matches("x[0-9A-Za-z]{37}"), "lengths beyond one random word");
    }
}
