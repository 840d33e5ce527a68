/**
 * The contract between the core and the database adapter ({@code timescale-migrate-jdbc} provides
 * {@link dev.timescalemigrate.adapter.DatabaseAdapter} through {@link java.util.ServiceLoader}). Internal to the
 * project: it changes with the adapter in any release, and is exported to the adapter module only. Strategies use
 * {@link dev.timescalemigrate.spi.StrategyContext} instead.
 */
package dev.timescalemigrate.adapter;
