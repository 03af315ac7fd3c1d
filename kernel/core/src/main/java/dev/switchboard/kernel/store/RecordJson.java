package dev.switchboard.kernel.store;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * A record as a JSON object keyed by its component names, and back — the line format of the usage journal.
 * Fields are written by name, so a journal written before a component was added still reads (the new
 * component gets its type's empty value: null, 0 or false) and one written after a component was removed
 * reads too (the unknown name is ignored); a record gaining a field needs no change here.
 *
 * <p>Component types: {@code String}, {@code boolean}, {@code int}, {@code long}, {@code double} (boxed or not),
 * {@link BigDecimal}, {@link Instant}
 * (ISO-8601), enums (by constant name) and nested records. Anything else fails when the record type is first
 * used, so an unsupported component cannot reach a journal. Stateless; thread-safe.
 */
final class RecordJson {
    private static final Set<Class<?>> SCALARS = Set.of(String.class, boolean.class, Boolean.class, int.class,
            Integer.class, long.class, Long.class, double.class, Double.class, BigDecimal.class, Instant.class);

    /** Components and canonical constructor of each record type, looked up once. */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };


    private RecordJson() {
    }

    /** Appends one component's value. */
    @FunctionalInterface
    private interface Part {
        void write(StringBuilder out, Record r);
    }

    /**
     * @param keys  each component's {@code "name":} (after a comma from the second on), quoted once
     * @param parts each component's writer: primitives through accessors typed to return them (no boxing), the
     *              rest as objects; called for every component of every journaled row, and an exact
     *              method-handle call costs a fraction of reflective {@code Method.invoke}
     */
    private record Shape(RecordComponent[] components, String[] keys, Part[] parts, Constructor<?> constructor) {
        static Shape of(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            RecordComponent[] c = type.getRecordComponents();
            Class<?>[] types = new Class<?>[c.length];
            String[] keys = new String[c.length];
            Part[] parts = new Part[c.length];
            for (int i = 0; i < c.length; i++) {
                Class<?> t = c[i].getType();
                if (!SCALARS.contains(t) && !t.isEnum() && !t.isRecord()) {
                    throw new IllegalArgumentException(type.getSimpleName() + "." + c[i].getName() + " has type "
                            + t.getName() + ", which the journal cannot store");
                }
                if (t.isRecord()) {
                    SHAPES.get(t); // fail now, not on the first row that carries it
                }
                c[i].getAccessor().setAccessible(true);
                MethodHandle getter;
                try {
                    getter = MethodHandles.lookup().unreflect(c[i].getAccessor());
                } catch (IllegalAccessException e) {
                    throw new IllegalArgumentException("cannot read " + type.getSimpleName() + "." + c[i].getName(), e);
                }
                keys[i] = Jsons.quote(new StringBuilder(i > 0 ? "," : ""), c[i].getName()).append(':').toString();
                parts[i] = part(getter, type, t, c[i].getName());
                types[i] = t;
            }
            try {
                Constructor<?> ctor = type.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                return new Shape(c, keys, parts, ctor);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
            }
        }

        /**
         * A component's writer around a getter that {@link LambdaMetafactory} made a plain interface call: the JIT
         * inlines it like any accessor call, where an {@code invokeExact} of a method handle kept in a field is not
         * (its per-call checks were most of a row's encoding). Primitives are read through their own interfaces,
         * without boxing.
         */
        private static Part part(MethodHandle getter, Class<?> type, Class<?> t, String name) {
            if (t == long.class) {
                ToLongFunction<Record> f = getter(getter, type, ToLongFunction.class, "applyAsLong", long.class);
                return (out, r) -> out.append(f.applyAsLong(r));
            }
            if (t == int.class) {
                ToIntFunction<Record> f = getter(getter, type, ToIntFunction.class, "applyAsInt", int.class);
                return (out, r) -> out.append(f.applyAsInt(r));
            }
            if (t == boolean.class) {
                Predicate<Record> f = getter(getter, type, Predicate.class, "test", boolean.class);
                return (out, r) -> out.append(f.test(r));
            }
            if (t == double.class) {
                ToDoubleFunction<Record> f = getter(getter, type, ToDoubleFunction.class, "applyAsDouble",
                        double.class);
                return (out, r) -> finite(out, f.applyAsDouble(r), name);
            }
            Function<Record, Object> f = getter(getter, type, Function.class, "apply", Object.class);
            return (out, r) -> value(out, f.apply(r), name);
        }

        @SuppressWarnings("unchecked")
        private static <F> F getter(MethodHandle getter, Class<?> type, Class<?> face, String method,
                                    Class<?> returns) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
                return (F) LambdaMetafactory.metafactory(lookup, method, MethodType.methodType(face),
                                MethodType.methodType(returns, Object.class), getter, getter.type())
                        .getTarget().invokeWithArguments();
            } catch (Throwable e) {
                throw new IllegalArgumentException("cannot read " + type.getSimpleName() + " through a getter", e);
            }
        }
    }

    /**
     * Appends {@code r} as a JSON object. Written straight into the builder rather than through a JSON generator:
     * every answered request encodes its usage row on its own thread, and a generator per row (its buffers, its
     * writer) was most of that cost.
     */
    static void write(StringBuilder out, Record r) {
        Shape shape = SHAPES.get(r.getClass());
        String[] keys = shape.keys();
        Part[] parts = shape.parts();
        out.append('{');
        for (int k = 0; k < parts.length; k++) {
            out.append(keys[k]);
            parts[k].write(out, r);
        }
        out.append('}');
    }

    private static void value(StringBuilder out, Object v, String name) {
        switch (v) {
            case null -> out.append("null");
            case String s -> Jsons.quote(out, s);
            case Boolean b -> out.append(b.booleanValue());
            case Integer i -> out.append(i.intValue());
            case Long l -> out.append(l.longValue());
            case Double d -> finite(out, d, name);
            case BigDecimal d -> out.append(d.toString());
            case Instant t -> instant(out, t);
            case Enum<?> e -> Jsons.quote(out, e.name());
            case Record nested -> write(out, nested);
            default -> throw new IllegalStateException("unsupported value " + v.getClass());
        }
    }

    private static void finite(StringBuilder out, double d, String name) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(name + " is " + d + ", which JSON cannot hold");
        }
        out.append(d);
    }

    /** The last second of year 9999: up to it an instant has four year digits and no sign. */
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    /**
     * Appends {@code t} quoted, exactly as {@link Instant#toString()} writes it (seconds always, a fraction in
     * groups of three digits only when there is one), by hand: the JDK's formatter was the largest single item of
     * a row's encoding. Instants before 1970 or after 9999 take the JDK's own path.
     */
    static StringBuilder instant(StringBuilder out, Instant t) {
        long sec = t.getEpochSecond();
        if (sec < 0 || sec > LAST_FOUR_DIGIT_SECOND) {
            return Jsons.quote(out, t.toString());
        }
        LocalDate day = LocalDate.ofEpochDay(sec / 86_400);
        int secOfDay = (int) (sec % 86_400);
        out.append('"');
        digits(out, day.getYear(), 4).append('-');
        digits(out, day.getMonthValue(), 2).append('-');
        digits(out, day.getDayOfMonth(), 2).append('T');
        digits(out, secOfDay / 3600, 2).append(':');
        digits(out, secOfDay / 60 % 60, 2).append(':');
        digits(out, secOfDay % 60, 2);
        int nano = t.getNano();
        if (nano != 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(out, nano / 1_000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        return out.append("Z\"");
    }

    /** {@code value} (non-negative) in at least {@code width} digits, zero-padded. */
    private static StringBuilder digits(StringBuilder out, int value, int width) {
        for (int limit = 10, w = 1; w < width; w++, limit *= 10) {
            if (value < limit) {
                out.append('0');
            }
        }
        return out.append(value);
    }

    /**
     * Reads a record of {@code type} from {@code o}.
     *
     * @throws IllegalArgumentException when a value has the wrong JSON type or the record refuses it
     */
    static <R extends Record> R read(JsonObject o, Class<R> type) {
        Shape shape = SHAPES.get(type);
        RecordComponent[] c = shape.components();
        Object[] args = new Object[c.length];
        for (int i = 0; i < c.length; i++) {
            args[i] = value(o.get(c[i].getName()), c[i].getType(), c[i].getName());
        }
        try {
            return type.cast(shape.constructor().newInstance(args));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object value(JsonValue v, Class<?> t, String name) {
        boolean absent = v == null || v.getValueType() == JsonValue.ValueType.NULL;
        if (absent) {
            return t == boolean.class ? Boolean.FALSE : t == int.class ? (Object) 0 : t == long.class ? (Object) 0L
                    : t == double.class ? (Object) 0.0 : null;
        }
        if (t == boolean.class || t == Boolean.class) {
            return v.getValueType() == JsonValue.ValueType.TRUE;
        }
        if (t == int.class || t == Integer.class) {
            return number(v, name).intValueExact();
        }
        if (t == long.class || t == Long.class) {
            return number(v, name).longValueExact();
        }
        if (t == double.class || t == Double.class) {
            return number(v, name).doubleValue();
        }
        if (t == BigDecimal.class) {
            return number(v, name).bigDecimalValue();
        }
        if (t.isRecord()) {
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException(name + " is not an object");
            }
            return read(v.asJsonObject(), (Class<? extends Record>) t);
        }
        if (!(v instanceof JsonString s)) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        if (t == String.class) {
            return s.getString();
        }
        if (t == Instant.class) {
            return Instant.parse(s.getString());
        }
        return Enum.valueOf((Class<? extends Enum>) t, s.getString());
    }

    private static JsonNumber number(JsonValue v, String name) {
        if (!(v instanceof JsonNumber n)) {
            throw new IllegalArgumentException(name + " is not a number");
        }
        return n;
    }
}
