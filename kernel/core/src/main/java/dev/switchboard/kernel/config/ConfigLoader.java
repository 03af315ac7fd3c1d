package dev.switchboard.kernel.config;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code gateway.yaml} and applies overrides. Stateless; safe to call from any thread.
 */
public final class ConfigLoader {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
    private static final Pattern DASH = Pattern.compile("_dash_|_DASH_");

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
            overlay.set(name, sys.getProperty(name), GatewayConfig.SECTIONS);
        }
        for (Map.Entry<String, String> e : withAliases(env).entrySet()) {
            if (e.getKey().indexOf('.') > 0) {
                overlay.set(e.getKey(), e.getValue(), GatewayConfig.SECTIONS);
            }
        }
        JsonObject effective = resolvePlaceholders(overlay.result(), env).asJsonObject();
        return new LoadedConfig(file, source, fileTree, effective);
    }

    /**
     * The environment plus Helidon's aliases for each variable name (the mapping of Helidon 4.3's
     * {@code io.helidon.config.EnvironmentVariables.expand}, deprecated for removal since 4.4 and kept here
     * unchanged): a name that neither starts nor ends with {@code '_'}, contains a {@code '_'} and no
     * {@code "__"} also appears with {@code _dash_}/{@code _DASH_} replaced by {@code '-'} and then every
     * {@code '_'} by {@code '.'}, once as is and once lower-cased ({@code ADMIN_LOGIN_dash_WINDOW} gives
     * {@code ADMIN.LOGIN-WINDOW} and {@code admin.login-window}).
     */
    private static Map<String, String> withAliases(Map<String, String> env) {
        Map<String, String> result = new HashMap<>(env.size());
        env.forEach((name, value) -> {
            result.put(name, value);
            int length = name.length();
            if (length > 2 && name.charAt(0) != '_' && name.charAt(length - 1) != '_'
                    && name.contains("_") && !name.contains("__")) {
                String alias = DASH.matcher(name).replaceAll("-").replace('_', '.');
                result.put(alias, value);
                result.put(alias.toLowerCase(Locale.ROOT), value);
            }
        });
        return result;
    }

    /**
     * Reads the YAML file into a JSON tree with keys exactly as written. SnakeYAML is used directly (it is what
     * helidon-config-yaml parses with): Helidon Config treats '.' in a key as a path separator and would split map
     * keys such as the model name {@code gpt-4.1}. Scalars become strings (typed by {@link PluginConfig} later);
     * YAML timestamps become ISO-8601 instants; duplicate keys are an error.
     */
    private static JsonObject readYaml(Path file, String source) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(null, source, "configuration file not found");
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object doc;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            doc = new Yaml(new SafeConstructor(options)).load(in);
        } catch (YAMLException e) {
            throw new ConfigException(null, source, "not valid YAML: " + e.getMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new ConfigException(null, source, "cannot read the file: " + e.getMessage());
        }
        if (doc == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        JsonValue tree = toJson(doc);
        if (tree.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ConfigException(null, source, "the top level must be a mapping of sections");
        }
        return tree.asJsonObject();
    }

    /** Converts SnakeYAML's objects into JSON (scalars stay strings, as configuration values are typed later). */
    static JsonValue toJson(Object node) {
        if (node == null) {
            return JsonValue.NULL;
        }
        if (node instanceof Map<?, ?> map) {
            JsonObjectBuilder b = Jsons.objectBuilder();
            map.forEach((k, v) -> b.add(String.valueOf(k), toJson(v)));
            return b.build();
        }
        if (node instanceof List<?> list) {
            JsonArrayBuilder b = Jsons.arrayBuilder();
            list.forEach(v -> b.add(toJson(v)));
            return b.build();
        }
        if (node instanceof Date d) {
            return Jsons.value(d.toInstant().toString());
        }
        return Jsons.value(String.valueOf(node));
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
