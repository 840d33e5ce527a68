package dev.timescalemigrate.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DdlStatementTest {

    @Test
    void shouldMaskPasswordOptionsWhereverTheStatementIsShownButRunItAsItIs() {
        String sql = "CREATE USER MAPPING FOR \"reader\" SERVER \"remote\" OPTIONS (\"user\" 'reader', "
                + "\"password\" 'it''s secret', password_required 'false', PASSWORD 'again')";
        DdlStatement statement = new DdlStatement(DdlStatement.Phase.PRE_DATA, "user mapping", sql);

        assertThat(statement.sql()).as("what runs").isEqualTo(sql);
        assertThat(statement.displaySql()).isEqualTo("CREATE USER MAPPING FOR \"reader\" SERVER \"remote\" OPTIONS "
                + "(\"user\" 'reader', \"password\" '********', password_required 'false', PASSWORD '********')");
        assertThat(statement.toString()).doesNotContain("secret").doesNotContain("again");
    }
}
