package dev.switchboard.kernel.store;

/**
 * What a name created at run time may be — an account name (admin API, imports, add-account flows) or a client key
 * name: 1 to {@value #MAX_LENGTH} characters (the width of the name columns), no control characters (NUL, CR, LF,
 * tab, DEL, C1, line separators), no {@code /} or {@code \}, no {@code ..}, no surrounding spaces, and not
 * {@code .}. Such names can always be written to a log line and addressed in an admin URL path. Stateless.
 */
public final class StoredNames {
    public static final int MAX_LENGTH = 200;

    private StoredNames() {
    }

    /** Why {@code name} is not acceptable, or null when it is. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "is required";
        }
        if (name.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, got " + name.length();
        }
        if (!name.strip().equals(name)) {
            return "must not start or end with spaces";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                return String.format("must not contain control characters (U+%04X at position %d)", (int) c, i + 1);
            }
            if (c == '/' || c == '\\') {
                return "must not contain '" + c + "'";
            }
        }
        if (name.contains("..") || name.equals(".")) {
            return "must not be '.' or contain '..'";
        }
        return null;
    }

    /** Throws {@link IllegalArgumentException} naming {@code field} when {@code name} is not acceptable. */
    public static String require(String field, String name) {
        String p = problem(name);
        if (p != null) {
            throw new IllegalArgumentException(field + " " + p);
        }
        return name;
    }
}
