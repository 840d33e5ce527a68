/** The PostgreSQL/TimescaleDB adapter. Not part of the API: found through {@link java.util.ServiceLoader}. */
package dev.timescalemigrate.jdbc.internal;
