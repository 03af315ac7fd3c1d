package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shipped backend profiles ({@code generic}, {@code openai}, {@code gemini}, {@code deepseek}), kept as data
 * in {@code profiles.json} beside this class, and the resolution of an instance's profile: {@code generic}, then
 * the named profile's differences, then the flags written on the instance. Immutable and thread-safe.
 */
public final class Profiles {
    /** The profile used when an instance names none. */
    public static final String DEFAULT = "generic";
    private static final String RESOURCE = "profiles.json";
    private static final String SOURCE = "profiles.json (built in)";

    private final JsonObject shipped;

    private Profiles(JsonObject shipped) {
        this.shipped = shipped;
    }

    /** Loads the shipped profiles from the plugin's class path. */
    public static Profiles shipped() {
        try (InputStream in = Profiles.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the plugin jar lacks " + RESOURCE);
            }
            return new Profiles(Jsons.parseObject(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }

    /** The names of the shipped profiles, in file order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (String k : shipped.keySet()) {
            if (!k.startsWith("_")) {
                out.add(k);
            }
        }
        return out;
    }

    /** A shipped profile without instance overrides. */
    public BackendProfile get(String name) throws ConfigException {
        return resolve(PluginConfig.of(Jsons.objectBuilder().add("profile", name).build()));
    }

    /**
     * The profile of an instance: {@code profile:} (default {@code generic}) with every flag written beside it
     * applied on top.
     *
     * @throws ConfigException an unknown profile name or a malformed flag, naming the key
     */
    public BackendProfile resolve(PluginConfig instance) throws ConfigException {
        String name = instance.string("profile", DEFAULT).trim();
        JsonValue named = shipped.get(name);
        if (name.startsWith("_") || named == null || named.getValueType() != JsonValue.ValueType.OBJECT) {
            throw instance.problem("profile", "unknown profile '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        BackendProfile.Builder b = new BackendProfile.Builder(name);
        ProfileFlag.applyAll(builtIn(DEFAULT), b);
        if (!DEFAULT.equals(name)) {
            ProfileFlag.applyAll(builtIn(name), b);
        }
        ProfileFlag.applyAll(instance, b);
        return b.build();
    }

    private PluginConfig builtIn(String name) throws ConfigException {
        JsonObject node = shipped.getJsonObject(name);
        Set<String> unknown = new HashSet<>(node.keySet());
        unknown.removeAll(ProfileFlag.KEYS);
        if (!unknown.isEmpty()) {
            // A defect in the shipped data, not in the user's file.
            throw new IllegalStateException(SOURCE + ": profile " + name + " has unknown flags " + unknown);
        }
        return new PluginConfig(SOURCE, name, node);
    }
}
