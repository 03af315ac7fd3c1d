package dev.switchboard.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one conversion of mid-conversation system messages that every upstream writer without them uses (the
 * Anthropic and Responses request writers, the Factory plugin's Gemini writer).
 */
class SystemRemindersTest {
    private static Message system(ContentBlock... blocks) {
        return new Message(Role.SYSTEM, List.of(blocks));
    }

    private static ContentBlock.Text reminder(String text) {
        return new ContentBlock.Text("<system-reminder>\n" + text + "\n</system-reminder>");
    }

    @Test
    void withoutSystemMessagesTheListIsReturnedAsItIs() {
        List<Message> messages = List.of(Message.user("u"), Message.assistant("a"));
        assertSame(messages, SystemReminders.merge(messages));
    }

    @Test
    void aSystemMessageJoinsTheNextUserMessageElseThePreviousElseBecomesOne() {
        List<Message> merged = SystemReminders.merge(List.of(
                Message.user("first"),
                system(new ContentBlock.Text("mid")),
                Message.assistant("ok"),
                system(new ContentBlock.Text("before"), new ContentBlock.Text("user")),
                Message.user("second"),
                Message.assistant("a2"),
                system(new ContentBlock.Text("alone")),
                Message.assistant("a3")));
        assertEquals(List.of(
                new Message(Role.USER, List.of(new ContentBlock.Text("first"), reminder("mid"))),
                Message.assistant("ok"),
                new Message(Role.USER, List.of(reminder("before\n\nuser"), new ContentBlock.Text("second"))),
                Message.assistant("a2"),
                new Message(Role.USER, List.of(reminder("alone"))),
                Message.assistant("a3")), merged);
    }

    @Test
    void theReminderFollowsTheToolResultsThatMustOpenAUserMessage() {
        ContentBlock.ToolResult result = new ContentBlock.ToolResult("t1", List.of(new ContentBlock.Text("42")), false,
                null);
        List<Message> merged = SystemReminders.merge(List.of(
                system(new ContentBlock.Text("note")),
                new Message(Role.USER, List.of(result, new ContentBlock.Text("go on")))));
        assertEquals(List.of(new Message(Role.USER, List.of(result, reminder("note"), new ContentBlock.Text("go on")))),
                merged);
    }

    @Test
    void theLastCacheMarkerAndNonTextBlocksOfASystemMessageAreKept() {
        ContentBlock.Image image = new ContentBlock.Image(MediaSource.url("https://example.test/a.png"), null);
        List<Message> merged = SystemReminders.merge(List.of(
                system(new ContentBlock.Text("a"), new ContentBlock.Text("b", CacheControl.EPHEMERAL), image),
                Message.user("u")));
        assertEquals(List.of(new Message(Role.USER, List.of(
                new ContentBlock.Text("<system-reminder>\na\n\nb\n</system-reminder>", CacheControl.EPHEMERAL), image,
                new ContentBlock.Text("u")))), merged);
    }

    @Test
    void emptySystemMessagesVanish() {
        assertEquals(List.of(Message.user("u")),
                SystemReminders.merge(List.of(system(new ContentBlock.Text("")), Message.user("u"))));
    }
}
