package dev.timescalemigrate.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Facts about a connected server and database.
 *
 * <p>Built with {@link #builder()}; {@link #toBuilder()} copies one to change it. Immutable; equal to another with
 * equal fields.
 */
public final class ServerInfo {

    private final String database;
    private final String serverVersion;
    private final int serverVersionNum;
    private final String user;
    private final boolean superuser;
    private final String timescaleVersion;
    private final String timescaleLicense;

    private ServerInfo(Builder builder) {
        this.database = builder.database;
        this.serverVersion = builder.serverVersion;
        this.serverVersionNum = builder.serverVersionNum;
        this.user = builder.user;
        this.superuser = builder.superuser;
        this.timescaleVersion = builder.timescaleVersion;
        this.timescaleLicense = builder.timescaleLicense;
    }

    /** A builder with every fact unset ({@code null}, 0 or false): no TimescaleDB. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these facts, to change some of them. */
    public Builder toBuilder() {
        return builder().database(database).serverVersion(serverVersion).serverVersionNum(serverVersionNum).user(user)
                .superuser(superuser).timescaleVersion(timescaleVersion).timescaleLicense(timescaleLicense);
    }

    /** The current database. */
    public String database() {
        return database;
    }

    /** {@code server_version}, e.g. {@code 15.18 (Debian 15.18-0+deb12u1)}. */
    public String serverVersion() {
        return serverVersion;
    }

    /** {@code server_version_num}, e.g. {@code 150018}. */
    public int serverVersionNum() {
        return serverVersionNum;
    }

    /** The current user. */
    public String user() {
        return user;
    }

    /** Whether the current user is a superuser. */
    public boolean superuser() {
        return superuser;
    }

    /** The installed TimescaleDB extension version, or {@code null}. */
    public String timescaleVersion() {
        return timescaleVersion;
    }

    /**
     * {@code timescaledb.license} ({@code apache} or {@code timescale}), or {@code null} when TimescaleDB is not
     * loaded.
     */
    public String timescaleLicense() {
        return timescaleLicense;
    }

    /** Whether the TimescaleDB extension is installed in this database. */
    public boolean hasTimescale() {
        return timescaleVersion != null;
    }

    /** Whether the server's TimescaleDB is the Apache edition (no compression, continuous aggregates or jobs). */
    public boolean isApacheEdition() {
        return "apache".equals(timescaleLicense);
    }

    /** The TimescaleDB version, if installed. */
    public Optional<Version> timescale() {
        return Optional.ofNullable(timescaleVersion).map(Version::parse);
    }

    /**
     * A {@code major.minor.patch} version.
     *
     * @param major major
     * @param minor minor
     * @param patch patch
     */
    public record Version(int major, int minor, int patch) implements Comparable<Version> {

        /** Parses {@code 2.19.3} (a suffix such as {@code -dev} is ignored). */
        public static Version parse(String text) {
            String[] parts = text.split("[^0-9]+");
            int major = parts.length > 0 && !parts[0].isEmpty() ? Integer.parseInt(parts[0]) : 0;
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            int patch = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
            return new Version(major, minor, patch);
        }

        /** Whether this version is at least {@code major.minor}. */
        public boolean atLeast(int major, int minor) {
            return compareTo(new Version(major, minor, 0)) >= 0;
        }

        @Override
        public int compareTo(Version o) {
            int c = Integer.compare(major, o.major);
            if (c == 0) {
                c = Integer.compare(minor, o.minor);
            }
            return c != 0 ? c : Integer.compare(patch, o.patch);
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof ServerInfo that
                && Objects.equals(database, that.database) && Objects.equals(serverVersion, that.serverVersion)
                && serverVersionNum == that.serverVersionNum && Objects.equals(user, that.user)
                && superuser == that.superuser && Objects.equals(timescaleVersion, that.timescaleVersion)
                && Objects.equals(timescaleLicense, that.timescaleLicense);
    }

    @Override
    public int hashCode() {
        return Objects.hash(database, serverVersion, serverVersionNum, user, superuser, timescaleVersion,
                timescaleLicense);
    }

    @Override
    public String toString() {
        return "ServerInfo[database=" + database + ", serverVersion=" + serverVersion
                + ", serverVersionNum=" + serverVersionNum + ", user=" + user + ", superuser=" + superuser
                + ", timescaleVersion=" + timescaleVersion + ", timescaleLicense=" + timescaleLicense + "]";
    }

    /** Builds a {@link ServerInfo}. Not thread-safe. */
    public static final class Builder {
        private String database;
        private String serverVersion;
        private int serverVersionNum;
        private String user;
        private boolean superuser;
        private String timescaleVersion;
        private String timescaleLicense;

        private Builder() {
        }

        /** The current database. Default: {@code null}. */
        public Builder database(String database) {
            this.database = database;
            return this;
        }

        /** {@code server_version}, e.g. {@code 15.18 (Debian 15.18-0+deb12u1)}. Default: {@code null}. */
        public Builder serverVersion(String serverVersion) {
            this.serverVersion = serverVersion;
            return this;
        }

        /** {@code server_version_num}, e.g. {@code 150018}. Default: 0. */
        public Builder serverVersionNum(int serverVersionNum) {
            this.serverVersionNum = serverVersionNum;
            return this;
        }

        /** The current user. Default: {@code null}. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Whether the current user is a superuser. Default: false. */
        public Builder superuser(boolean superuser) {
            this.superuser = superuser;
            return this;
        }

        /** The installed TimescaleDB extension version, or {@code null}. Default: {@code null}. */
        public Builder timescaleVersion(String timescaleVersion) {
            this.timescaleVersion = timescaleVersion;
            return this;
        }

        /**
         * {@code timescaledb.license} ({@code apache} or {@code timescale}), or {@code null} when TimescaleDB is not
         * loaded. Default: {@code null}.
         */
        public Builder timescaleLicense(String timescaleLicense) {
            this.timescaleLicense = timescaleLicense;
            return this;
        }

        /** The server information. */
        public ServerInfo build() {
            return new ServerInfo(this);
        }
    }
}
