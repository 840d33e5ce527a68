package dev.timescalemigrate.examples.cli;

import picocli.CommandLine.Option;

/** A database given on the command line: a JDBC URL, a user, and a password taken from the environment. */
final class ConnectionOptions {

    @Option(names = "--url", required = true, paramLabel = "JDBC_URL",
            description = "JDBC URL, e.g. jdbc:postgresql://host:5432/db")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "User name (or user= in the URL).")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "PGPASSWORD",
            description = "Environment variable holding the password (default: ${DEFAULT-VALUE}). "
                    + "Passwords are never taken as arguments, which other users could see.")
    String passwordVariable;

    String password() {
        return passwordVariable == null ? null : System.getenv(passwordVariable);
    }
}
