package dev.switchboard.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A case-insensitive, insertion-ordered header multimap. Names are stored lower-case (as HTTP/2 and
 * the upstream specs write them). Mutable; not thread-safe — build it, then hand it over.
 */
public final class HttpHeaders {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    public static HttpHeaders create() {
        return new HttpHeaders();
    }

    /** Replaces all values of {@code name}. */
    public HttpHeaders set(String name, String value) {
        List<String> list = new ArrayList<>(1);
        list.add(value);
        values.put(name.toLowerCase(Locale.ROOT), list);
        return this;
    }

    /** Adds a value to {@code name}. */
    public HttpHeaders add(String name, String value) {
        values.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value);
        return this;
    }

    public HttpHeaders remove(String name) {
        values.remove(name.toLowerCase(Locale.ROOT));
        return this;
    }

    /** The first value of {@code name}. */
    public Optional<String> first(String name) {
        List<String> list = values.get(name.toLowerCase(Locale.ROOT));
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        return first(name).orElse(null);
    }

    public List<String> all(String name) {
        List<String> list = values.get(name.toLowerCase(Locale.ROOT));
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    public boolean contains(String name) {
        return values.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Lower-case names in insertion order. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** Calls {@code action} once per (name, value) pair. */
    public void forEach(BiConsumer<String, String> action) {
        values.forEach((k, vs) -> vs.forEach(v -> action.accept(k, v)));
    }

    public HttpHeaders copy() {
        HttpHeaders h = new HttpHeaders();
        values.forEach((k, vs) -> h.values.put(k, new ArrayList<>(vs)));
        return h;
    }

    @Override
    public String toString() {
        // Names only: values may be credentials.
        return "HttpHeaders" + values.keySet();
    }
}
