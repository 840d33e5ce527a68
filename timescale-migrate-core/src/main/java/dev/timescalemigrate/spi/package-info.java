/**
 * The strategy SPI: {@link dev.timescalemigrate.spi.MigrationStrategy} and what a strategy works with,
 * {@link dev.timescalemigrate.spi.StrategyContext}, {@link dev.timescalemigrate.spi.CopyUnit},
 * {@link dev.timescalemigrate.spi.DdlStatement} and {@link dev.timescalemigrate.spi.CopyResult}. A strategy of
 * your own needs nothing else.
 */
package dev.timescalemigrate.spi;
