/**
 * The command line ({@code dev.timescalemigrate.examples.cli.Main}) and the embedding example. An application:
 * it exports nothing, and opens the command classes to picocli, which fills their options reflectively.
 */
module dev.timescalemigrate.examples {
    requires dev.timescalemigrate.core;
    // Not compiled against: the adapter the command line needs at run time, found as a service.
    requires dev.timescalemigrate.jdbc;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;

    opens dev.timescalemigrate.examples.cli to info.picocli;
}
