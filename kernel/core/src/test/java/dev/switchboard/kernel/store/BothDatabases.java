package dev.switchboard.kernel.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every test of the class once on H2 and once on PostgreSQL; the class takes the database as a field
 * {@code @Parameter StoreBackend backend}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "[{0}]")
@EnumSource(StoreBackend.class)
public @interface BothDatabases {
}
