package dev.switchboard.kernel.store;

import dev.switchboard.kernel.dialect.JsonText;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

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

    /**
     * @param getters each component's accessor as a method handle typed {@code (Record) Object}: it is called for
     *                every component of every journaled row, and an exact method-handle call costs a fraction of
     *                reflective {@code Method.invoke}
     */
    private record Shape(RecordComponent[] components, MethodHandle[] getters, Constructor<?> constructor) {
        static Shape of(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            RecordComponent[] c = type.getRecordComponents();
            Class<?>[] types = new Class<?>[c.length];
            MethodHandle[] getters = new MethodHandle[c.length];
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
                try {
                    getters[i] = MethodHandles.lookup().unreflect(c[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Record.class));
                } catch (IllegalAccessException e) {
                    throw new IllegalArgumentException("cannot read " + type.getSimpleName() + "." + c[i].getName(), e);
                }
                types[i] = t;
            }
            try {
                Constructor<?> ctor = type.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                return new Shape(c, getters, ctor);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
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
        RecordComponent[] components = shape.components();
        out.append('{');
        for (int k = 0; k < components.length; k++) {
            if (k > 0) {
                out.append(',');
            }
            JsonText.quote(out, components[k].getName()).append(':');
            Object v = get(shape.getters()[k], components[k], r);
            switch (v) {
                case null -> out.append("null");
                case String s -> JsonText.quote(out, s);
                case Boolean b -> out.append(b.booleanValue());
                case Integer i -> out.append(i.intValue());
                case Long l -> out.append(l.longValue());
                case Double d -> {
                    if (!Double.isFinite(d)) {
                        throw new IllegalArgumentException(components[k].getName() + " is " + d
                                + ", which JSON cannot hold");
                    }
                    out.append(d.doubleValue());
                }
                case BigDecimal d -> out.append(d.toString());
                case Instant t -> JsonText.quote(out, t.toString());
                case Enum<?> e -> JsonText.quote(out, e.name());
                case Record nested -> write(out, nested);
                default -> throw new IllegalStateException("unsupported value " + v.getClass());
            }
        }
        out.append('}');
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

    private static Object get(MethodHandle getter, RecordComponent c, Record r) {
        try {
            return (Object) getter.invokeExact(r);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}
