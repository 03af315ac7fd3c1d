package dev.switchboard.kernel.config;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.ConfigException;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.EnvironmentVariables;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code gateway.yaml} and applies overrides. Stateless; safe to call from any thread.
 */
public final class ConfigLoader {
    /** Top-level sections that environment variables and system properties may override. */
    static final Set<String> OVERRIDABLE_SECTIONS = Set.of(
            "server", "plugins", "storage", "admin", "clients", "dispatch", "providers", "routes");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private ConfigLoader() {
    }

    /**
     * Loads a YAML file (or nothing, when {@code file} is null) and applies overrides.
     *
     * @param file   the YAML file, or null for built-in defaults only
     * @param source the name used in messages
     * @param env    environment variables (injectable for tests)
     * @param sys    system properties
     * @throws ConfigException when the file is missing or not valid YAML
     */
    public static LoadedConfig load(Path file, String source, Map<String, String> env, Properties sys)
            throws ConfigException {
        JsonObject fileTree = file == null ? JsonValue.EMPTY_JSON_OBJECT : readYaml(file, source);
        JsonOverlay overlay = new JsonOverlay(fileTree);
        // Lowest priority first: system properties, then the environment (which wins, as in Helidon's
        // default source order where environment variables come before system properties).
        for (String name : sys.stringPropertyNames()) {
            overlay.set(name, sys.getProperty(name), OVERRIDABLE_SECTIONS);
        }
        for (Map.Entry<String, String> e : EnvironmentVariables.expand(env).entrySet()) {
            if (e.getKey().indexOf('.') > 0) {
                overlay.set(e.getKey(), e.getValue(), OVERRIDABLE_SECTIONS);
            }
        }
        JsonObject effective = resolvePlaceholders(overlay.result(), env).asJsonObject();
        return new LoadedConfig(file, source, fileTree, effective);
    }

    private static JsonObject readYaml(Path file, String source) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(null, source, "configuration file not found");
        }
        Config config;
        try {
            config = Config.builder()
                    .sources(ConfigSources.file(file))
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .disableValueResolving()
                    .disableKeyResolving()
                    .disableFilterServices()
                    .build();
            if (!config.exists()) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }
            JsonValue tree = toJson(config);
            if (tree.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ConfigException(null, source, "the top level must be a mapping of sections");
            }
            return tree.asJsonObject();
        } catch (io.helidon.config.ConfigException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ConfigException(null, source, "not valid YAML: " + root.getMessage());
        }
    }

    /** Converts a Helidon config node into JSON (scalars stay strings; lists become arrays). */
    static JsonValue toJson(Config node) {
        return switch (node.type()) {
            case OBJECT -> {
                JsonObjectBuilder b = Jsons.objectBuilder();
                for (Config child : node.asNodeList().orElse(java.util.List.of())) {
                    b.add(child.name(), toJson(child));
                }
                yield b.build();
            }
            case LIST -> {
                JsonArrayBuilder b = Jsons.arrayBuilder();
                for (Config child : node.asNodeList().orElse(java.util.List.of())) {
                    b.add(toJson(child));
                }
                yield b.build();
            }
            case VALUE -> Jsons.value(node.asString().orElse(""));
            case MISSING -> JsonValue.NULL;
        };
    }

    /** Replaces {@code ${VAR}} and {@code ${VAR:default}} in string values; an unset VAR stays literal. */
    static JsonValue resolvePlaceholders(JsonValue v, Map<String, String> env) {
        return switch (v.getValueType()) {
            case OBJECT -> {
                JsonObjectBuilder b = Jsons.objectBuilder();
                v.asJsonObject().forEach((k, child) -> b.add(k, resolvePlaceholders(child, env)));
                yield b.build();
            }
            case ARRAY -> {
                JsonArrayBuilder b = Jsons.arrayBuilder();
                v.asJsonArray().forEach(child -> b.add(resolvePlaceholders(child, env)));
                yield b.build();
            }
            case STRING -> Jsons.value(resolve(((jakarta.json.JsonString) v).getString(), env));
            default -> v;
        };
    }

    static String resolve(String s, Map<String, String> env) {
        if (s.indexOf("${") < 0) {
            return s;
        }
        Matcher m = PLACEHOLDER.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) {
                value = m.group(2) != null ? m.group(2) : m.group(0);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
