package dev.timescalemigrate.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the {@link Database}-annotated fields of a test class and drops them again: static fields once for the
 * class, instance fields for each test. Databases are dropped in the reverse order of their creation, also when a
 * test or the creation of a later one failed.
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
        List<TestDatabase> created = created(context, instance == null);
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                Database spec = field.getAnnotation(Database.class);
                if (spec == null || Modifier.isStatic(field.getModifiers()) != (instance == null)) {
                    continue;
                }
                if (field.getType() != TestDatabase.class) {
                    throw new IllegalStateException("@Database field " + field + " must be a TestDatabase");
                }
                TestDatabase db = spec.licensed() ? TestDatabase.createLicensed(spec.label())
                        : TestDatabase.create(spec.label());
                created.add(db);
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
    }

    /**
     * The databases created for the class or for the current test, under keys of their own: a test's store also
     * sees the values of its class's.
     */
    @SuppressWarnings("unchecked")
    private static List<TestDatabase> created(ExtensionContext context, boolean forClass) {
        return (List<TestDatabase>) context.getStore(NAMESPACE).computeIfAbsent(
                forClass ? "class databases" : "test databases", k -> new ArrayList<TestDatabase>());
    }

    private static void drop(ExtensionContext context, boolean forClass) {
        List<TestDatabase> created = created(context, forClass);
        RuntimeException failure = null;
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                created.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
