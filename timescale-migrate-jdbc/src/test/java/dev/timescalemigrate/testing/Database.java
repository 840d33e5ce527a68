package dev.timescalemigrate.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test database the {@link TestDatabases} extension creates for a field: a static field for the whole class
 * (created before the first test, dropped after the last), an instance field for each test. Roles its objects
 * are owned by or granted to are {@link Role} fields, created before the databases and dropped after them.
 *
 * <pre>{@code
 * class SomeIT {
 *     @Database(label = "some_src", fixture = "/fixtures/rich-schema.sql") static TestDatabase source;
 *     @Database(label = "some_dst", timescale = true) TestDatabase target;  // a new one for every test
 * }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@ExtendWith(TestDatabases.class)
public @interface Database {

    /** Starts the database's name, as in {@link TestDatabase#create(String)}. */
    String label();

    /** On the Timescale-licensed server ({@link TestDatabase#createLicensed(String)}) instead of the default one. */
    boolean licensed() default false;

    /** Installs the timescaledb extension (the server's default version unless {@link #version()} says). */
    boolean timescale() default false;

    /** The timescaledb version to install; implies {@link #timescale()}. Empty for the server's default. */
    String version() default "";

    /** Scripts from the test class path to run in it, in order, after the extension. */
    String[] fixture() default {};
}
