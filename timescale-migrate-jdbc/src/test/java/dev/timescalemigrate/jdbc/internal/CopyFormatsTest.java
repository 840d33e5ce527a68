package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.jdbc.internal.CopyFormats.ColumnType;
import dev.timescalemigrate.jdbc.internal.CopyFormats.Format;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CopyFormatsTest {

    private static ColumnType builtIn(String column, String type, long oid) {
        return new ColumnType(column, type, oid, oid, "b", type, true, null, null, null);
    }

    @Test
    void shouldCopyBuiltInTypesEnumsAndArraysOfBuiltInsInBinary() {
        ColumnType id = builtIn("\"id\"", "bigint", 20);
        ColumnType mood = new ColumnType("\"mood\"", "app.mood", 16500, 16500, "e", "app.mood", true, null, null,
                null);
        ColumnType tags = new ColumnType("\"tags\"", "text[]", 1009, 1009, "b", "text[]", true, 25L, "b", "text");
        ColumnType spans = new ColumnType("\"spans\"", "int4range[]", 3905, 3905, "b", "int4range[]", true, 3904L,
                "r", "int4range");

        Format format = CopyFormats.choose(List.of(id, mood, tags, spans));

        assertThat(format.binary()).isTrue();
        assertThat(format.sql()).isEqualTo("binary");
        assertThat(CopyFormats.choose(List.of()).binary()).as("no columns").isTrue();
    }

    @Test
    void shouldCopyInTextWhenATypeNamesDatabaseSpecificTypeIds() {
        ColumnType id = builtIn("\"id\"", "bigint", 20);
        ColumnType point = new ColumnType("\"p\"", "app.pair", 16400, 16400, "c", "app.pair", true, null, null, null);
        ColumnType userArray = new ColumnType("\"pairs\"", "app.pair[]", 16399, 16399, "b", "app.pair[]", true,
                16400L, "c", "app.pair");
        ColumnType extension = new ColumnType("\"h\"", "public.hstore", 16500, 16500, "b", "public.hstore", true,
                null, null, null);

        assertThat(CopyFormats.choose(List.of(id, point)))
                .isEqualTo(new Format(false, "column \"p\" has the composite type app.pair"));
        assertThat(CopyFormats.choose(List.of(id, userArray)).reason())
                .isEqualTo("column \"pairs\" has the type app.pair[], an array of app.pair, whose binary form names a "
                        + "type that is not built in");
        assertThat(CopyFormats.choose(List.of(extension, point)))
                .as("the first column that needs text")
                .isEqualTo(new Format(false, "column \"h\" has the type public.hstore, defined by a user or an "
                        + "extension"));
        assertThat(CopyFormats.choose(List.of(point)).sql()).isEqualTo("text");
    }

    @Test
    void shouldCopyObjectIdentifierTypesAsTextSoTheyNameTheirObjects() {
        ColumnType id = builtIn("\"id\"", "bigint", 20);
        ColumnType relation = builtIn("\"rel\"", "regclass", 2205);
        ColumnType types = new ColumnType("\"types\"", "regtype[]", 2211, 2211, "b", "regtype[]", true, 2206L, "b",
                "regtype");
        assertThat(CopyFormats.choose(List.of(id, relation)).binary()).isFalse();
        assertThat(CopyFormats.choose(List.of(id, relation)).reason()).contains("\"rel\"", "regclass", "object id");
        assertThat(CopyFormats.choose(List.of(id, types)).binary()).as("an array of them too").isFalse();
        assertThat(CopyFormats.choose(List.of(id, builtIn("\"o\"", "oid", 26))).binary())
                .as("a plain oid is a number, the same on both sides").isTrue();
    }

    @Test
    void shouldNameTheDomainAndTellTypesWithoutBinaryForm() {
        ColumnType domain = new ColumnType("\"c\"", "app.code", 16600, 16601, "c", "app.pair", true, null, null,
                null);
        ColumnType noBinary = new ColumnType("\"x\"", "pg_catalog.aclitem", 1033, 1033, "b", "aclitem", false, null,
                null, null);

        assertThat(CopyFormats.choose(List.of(domain)).reason())
                .isEqualTo("column \"c\" has the composite type app.code (a domain over app.pair)");
        assertThat(CopyFormats.choose(List.of(noBinary)).reason())
                .isEqualTo("column \"x\" has the type pg_catalog.aclitem, which has no binary form");
    }
}
