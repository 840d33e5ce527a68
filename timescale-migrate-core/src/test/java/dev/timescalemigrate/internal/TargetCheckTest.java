package dev.timescalemigrate.internal;

import dev.timescalemigrate.adapter.TransferSession;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Table;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The target checks that need only models: tables already on the target, the extensions it needs and lacks. */
class TargetCheckTest {

    private static QualifiedName table(int i) {
        return QualifiedName.of("app", "t" + i);
    }

    @Test
    void shouldNameTheFirstTenTablesAlreadyOnTheTargetInTheSourcesOrder() {
        Set<QualifiedName> selected = new LinkedHashSet<>();
        IntStream.rangeClosed(1, 13).forEach(i -> selected.add(table(i)));
        DatabaseModel target = DatabaseModel.builder().tables(IntStream.rangeClosed(0, 12).map(i -> 12 - i)
                .mapToObj(i -> Table.builder(table(i)).build()).toList()).build();

        List<String> problems = TargetCheck.clashes(selected, target);

        assertThat(problems).singleElement().asString().startsWith("The target already has 12 of the tables to "
                + "migrate (\"app\".\"t1\", \"app\".\"t2\",").contains("\"app\".\"t10\", ...)")
                .doesNotContain("\"app\".\"t11\"", "\"app\".\"t0\"")
                .contains("drop those tables on the target, or exclude them");
    }

    @Test
    void shouldFindNoClashOnATargetWithoutTheTables() {
        DatabaseModel target = DatabaseModel.builder().tables(List.of(Table.builder(table(2)).build())).build();

        assertThat(TargetCheck.clashes(Set.of(table(1)), target)).isEmpty();
    }

    @Test
    void shouldAddTimescaleDbInTheTargetsVersionOnlyForHypertablesOfASourceWithoutIt() {
        DatabaseModel plain = DatabaseModel.builder().extensions(List.of(new Extension("pg_trgm", "public", "1.6")))
                .build();
        DatabaseModel timescale = plain.toBuilder().extensions(List.of(new Extension("timescaledb", "public",
                "2.15.0"))).build();
        ServerInfo target = ServerInfo.builder().database("db").serverVersion("16.4").serverVersionNum(160004)
                .user("u").superuser(false).timescaleVersion("2.19.3").build();
        TransferSession session = (TransferSession) Proxy.newProxyInstance(TargetCheckTest.class.getClassLoader(),
                new Class<?>[]{TransferSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "targetServer" -> target;
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        assertThat(TargetCheck.extensionsNeeded(plain, false, session)).extracting(Extension::name)
                .containsExactly("pg_trgm");
        assertThat(TargetCheck.extensionsNeeded(plain, true, session))
                .containsExactly(new Extension("pg_trgm", "public", "1.6"),
                        new Extension("timescaledb", "public", "2.19.3"));
        assertThat(TargetCheck.extensionsNeeded(timescale, true, session)).extracting(Extension::version)
                .as("the source's own").containsExactly("2.15.0");
    }

    @Test
    void shouldNameEveryExtensionTheTargetServerLacks() {
        List<Extension> needed = List.of(new Extension("pg_trgm", "public", "1.6"),
                new Extension("postgis", "public", "3.4"), new Extension("timescaledb", "public", "2.19.3"));

        assertThat(TargetCheck.missingExtensions(needed, Set.of("timescaledb"))).singleElement().asString()
                .startsWith("The target server lacks extension(s) the source uses: pg_trgm, postgis. Install them");
        assertThat(TargetCheck.missingExtensions(needed, Set.of("timescaledb", "postgis", "pg_trgm"))).isEmpty();
    }
}
