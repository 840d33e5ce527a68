package dev.timescalemigrate.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A role the {@link TestDatabases} extension creates ({@code NOLOGIN}, on the default server) for a
 * {@code String} field that holds its name, and drops again: a static field's for the whole class, an instance
 * field's for each test. Roles are server-wide, so the class chooses names of its own (with a random suffix). A
 * role is created before the {@link Database} fields of its scope and dropped after them, since PostgreSQL
 * refuses to drop a role that objects in any database still depend on (owners, grants, default privileges).
 *
 * <pre>{@code
 * class SomeIT {
 *     private static final String SUFFIX = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
 *     @Role private static final String OWNER = "tsm_owner_" + SUFFIX;
 *     @Database(label = "some_src") static TestDatabase source;  // created after OWNER, dropped before it
 * }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@ExtendWith(TestDatabases.class)
public @interface Role {
}
