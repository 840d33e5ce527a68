/**
 * Extension points. {@link dev.timescalemigrate.spi.DatabaseAdapter} is what the
 * {@code timescale-migrate-jdbc} module provides through {@link java.util.ServiceLoader}.
 */
package dev.timescalemigrate.spi;
