package dev.switchboard.kernel.routing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A model-name glob: {@code *} matches any run of characters, {@code ?} one character; everything else is
 * literal. Matching ignores case (clients differ in how they spell model ids): both sides are compared lower-cased
 * in {@link Locale#ROOT}. Immutable.
 *
 * <p>Every request is matched against the routes and the metrics' route labels, and nearly every glob in a
 * configuration is {@code *}, a literal or a prefix ({@code claude-*}): those are answered without a regex.
 */
public final class Glob {
    private enum Shape { ANY, LITERAL, PREFIX, PATTERN }

    private final String source;
    /** The lower-cased literal (LITERAL) or the part before the trailing star (PREFIX). */
    private final String lower;
    private final Shape shape;
    /** Only for PATTERN. */
    private final Pattern pattern;

    private Glob(String source) {
        this.source = source;
        String low = source.toLowerCase(Locale.ROOT);
        int star = low.indexOf('*');
        boolean question = low.indexOf('?') >= 0;
        if (low.equals("*")) {
            shape = Shape.ANY;
        } else if (star < 0 && !question) {
            shape = Shape.LITERAL;
        } else if (!question && star == low.length() - 1) {
            shape = Shape.PREFIX;
            low = low.substring(0, star);
        } else {
            shape = Shape.PATTERN;
        }
        this.lower = low;
        this.pattern = shape == Shape.PATTERN ? compile(low) : null;
    }

    private static Pattern compile(String lowerSource) {
        StringBuilder re = new StringBuilder();
        for (char c : lowerSource.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    public static Glob of(String source) {
        return new Glob(source);
    }

    public boolean matches(String name) {
        if (name == null) {
            return false;
        }
        return switch (shape) {
            case ANY -> true;
            case LITERAL -> name.toLowerCase(Locale.ROOT).equals(lower);
            case PREFIX -> name.toLowerCase(Locale.ROOT).startsWith(lower);
            case PATTERN -> pattern.matcher(name.toLowerCase(Locale.ROOT)).matches();
        };
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
