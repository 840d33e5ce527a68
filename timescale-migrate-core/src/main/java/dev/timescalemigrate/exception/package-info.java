/**
 * The exceptions the library throws: one unchecked root, {@link dev.timescalemigrate.exception.MigrationException},
 * with an {@link dev.timescalemigrate.exception.ErrorCode} and a subclass per phase.
 */
package dev.timescalemigrate.exception;
