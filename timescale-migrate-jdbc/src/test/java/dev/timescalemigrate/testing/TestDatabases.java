package dev.timescalemigrate.testing;

import dev.timescalemigrate.model.SqlIdentifiers;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the {@link Database}-annotated fields of a test class and drops them again: static fields once for the
 * class, instance fields for each test. The {@link Role}s of the same scope are created first and dropped last,
 * after its databases, which may depend on them. Everything is dropped in the reverse order of its creation, also
 * when a test or the creation of a later one failed.
 */
public final class TestDatabases implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestDatabases.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        create(context, context.getRequiredTestClass(), null);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        create(context, context.getRequiredTestClass(), context.getRequiredTestInstance());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        drop(context, false);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        drop(context, true);
    }

    private static void create(ExtensionContext context, Class<?> type, Object instance) throws IllegalAccessException {
        List<Runnable> drops = created(context, instance == null);
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) == (instance == null)) {
                    fields.add(field);
                }
            }
        }
        for (Field field : fields) {
            if (field.isAnnotationPresent(Role.class)) {
                if (field.getType() != String.class) {
                    throw new IllegalStateException("@Role field " + field + " must be a String");
                }
                field.setAccessible(true);
                String role = (String) field.get(instance);
                if (role == null || role.isBlank()) {
                    throw new IllegalStateException("@Role field " + field + " names no role");
                }
                admin("CREATE ROLE " + SqlIdentifiers.quote(role) + " NOLOGIN");
                drops.add(() -> admin("DROP ROLE IF EXISTS " + SqlIdentifiers.quote(role)));
            }
        }
        for (Field field : fields) {
            Database spec = field.getAnnotation(Database.class);
            if (spec == null) {
                continue;
            }
            if (field.getType() != TestDatabase.class) {
                throw new IllegalStateException("@Database field " + field + " must be a TestDatabase");
            }
            TestDatabase db = spec.licensed() ? TestDatabase.createLicensed(spec.label())
                    : TestDatabase.create(spec.label());
            drops.add(db::close);
            if (spec.timescale() || !spec.version().isEmpty()) {
                db.withTimescale(spec.version().isEmpty() ? null : spec.version());
            }
            for (String script : spec.fixture()) {
                db.executeResource(script);
            }
            field.setAccessible(true);
            field.set(instance, db);
        }
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(TestServer.adminUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * How to drop what was created for the class or for the current test, in the order of creation, under keys of
     * their own: a test's store also sees the values of its class's.
     */
    @SuppressWarnings("unchecked")
    private static List<Runnable> created(ExtensionContext context, boolean forClass) {
        return (List<Runnable>) context.getStore(NAMESPACE).computeIfAbsent(
                forClass ? "class databases" : "test databases", k -> new ArrayList<Runnable>());
    }

    private static void drop(ExtensionContext context, boolean forClass) {
        List<Runnable> drops = created(context, forClass);
        RuntimeException failure = null;
        for (int i = drops.size() - 1; i >= 0; i--) {
            try {
                drops.get(i).run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        drops.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
