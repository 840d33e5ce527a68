package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.DatabaseModel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UnsupportedObjectsTest {

    @Test
    void shouldSayWhereATablespacesTablesGoAndNameEveryOtherObjectNotMigrated() {
        DatabaseModel source = DatabaseModel.builder()
                .unsupported(List.of("tablespace fast (table app.hot)", "foreign table app.remote")).build();

        assertThat(UnsupportedObjects.warnings(source)).containsExactly(
                "Not migrated: the tablespace fast (table app.hot) (tablespaces belong to the server, not to the "
                        + "database): it is created in the target's default tablespace.",
                "Not migrated (not supported): foreign table app.remote.");
    }
}
