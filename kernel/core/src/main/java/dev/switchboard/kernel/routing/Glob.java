package dev.switchboard.kernel.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A model-name glob: {@code *} matches any run of characters, {@code ?} one character; everything else is
 * literal. Matching ignores case (clients differ in how they spell model ids). Immutable.
 */
public final class Glob {
    private final String source;
    private final Pattern pattern;

    private Glob(String source) {
        this.source = source;
        StringBuilder re = new StringBuilder();
        for (char c : source.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.pattern = Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    public static Glob of(String source) {
        return new Glob(source);
    }

    public boolean matches(String name) {
        return name != null && pattern.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    public boolean isLiteral() {
        return source.indexOf('*') < 0 && source.indexOf('?') < 0;
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
