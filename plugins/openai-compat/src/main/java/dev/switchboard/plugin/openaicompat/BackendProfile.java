package dev.switchboard.plugin.openaicompat;

import dev.switchboard.plugin.openaicompat.schema.SchemaDialect;
import dev.switchboard.wire.openai.OpenAiChatProfile;
import java.util.Objects;

/**
 * Everything one OpenAI-compatible backend accepts: the shared codecs' {@link OpenAiChatProfile} plus what only
 * this plugin acts on (schema cleaning, whether the backend streams at all). Built by {@link ProfileFlags} from a
 * shipped profile and the instance's overrides. Immutable and thread-safe.
 *
 * @param name          the shipped profile it started from ({@code generic}, {@code openai}, ...)
 * @param chat          request-writer and stream-decoder flags
 * @param schemaDialect how tool and response schemas are cleaned
 * @param streaming     the backend streams; when false converted calls go upstream unary
 */
public record BackendProfile(String name, OpenAiChatProfile chat, SchemaDialect schemaDialect, boolean streaming) {
    public BackendProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(schemaDialect, "schemaDialect");
    }

    /** Mutable builder used while flags are applied; not thread-safe. */
    static final class Builder {
        final String name;
        final OpenAiChatProfile.Builder chat;
        SchemaDialect schemaDialect = SchemaDialect.NONE;
        boolean streaming = true;

        Builder(String name) {
            this.name = name;
            this.chat = OpenAiChatProfile.builder();
        }

        BackendProfile build() {
            return new BackendProfile(name, chat.build(), schemaDialect, streaming);
        }
    }
}
