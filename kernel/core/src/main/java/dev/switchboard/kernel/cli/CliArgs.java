package dev.switchboard.kernel.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command line split into words and {@code --option value} pairs (options may come anywhere). Only the options
 * a command names are accepted, so a typo is an error rather than ignored. Immutable.
 */
final class CliArgs {
    private final List<String> words;
    private final Map<String, String> options;

    private CliArgs(List<String> words, Map<String, String> options) {
        this.words = words;
        this.options = options;
    }

    /** Splits {@code args}; every option takes a value. */
    static CliArgs parse(String[] args) throws CliException {
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw CliException.usage("--" + name + " needs a value");
                }
                if (options.put(name, value) != null) {
                    throw CliException.usage("--" + name + " is given twice");
                }
            } else if (a.equals("-c") && i + 1 < args.length) {
                options.put("config", args[++i]);
            } else {
                words.add(a);
            }
        }
        return new CliArgs(List.copyOf(words), options);
    }

    List<String> words() {
        return words;
    }

    String word(int i) {
        return i < words.size() ? words.get(i) : null;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** Refuses options outside {@code allowed} ({@code config} is always allowed). */
    void onlyOptions(Set<String> allowed, String command) throws CliException {
        for (String o : options.keySet()) {
            if (!o.equals("config") && !allowed.contains(o)) {
                throw CliException.usage("'" + command + "' has no option --" + o);
            }
        }
    }

    /** Refuses more than {@code n} words. */
    void atMostWords(int n, String command) throws CliException {
        if (words.size() > n) {
            throw CliException.usage("unexpected '" + words.get(n) + "' after '" + command + "'");
        }
    }
}
