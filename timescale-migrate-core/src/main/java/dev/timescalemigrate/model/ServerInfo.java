package dev.timescalemigrate.model;

import java.util.Optional;

/**
 * Facts about a connected server and database.
 *
 * @param database          the current database
 * @param serverVersion     {@code server_version}, e.g. {@code 15.18 (Debian 15.18-0+deb12u1)}
 * @param serverVersionNum  {@code server_version_num}, e.g. {@code 150018}
 * @param user              the current user
 * @param superuser         whether the current user is a superuser
 * @param timescaleVersion  the installed TimescaleDB extension version, or {@code null}
 * @param timescaleLicense  {@code timescaledb.license} ({@code apache} or {@code timescale}), or {@code null}
 *                          when TimescaleDB is not loaded
 */
public record ServerInfo(String database, String serverVersion, int serverVersionNum, String user, boolean superuser,
                         String timescaleVersion, String timescaleLicense) {

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
}
