/**
 * Progress events. Register a {@link dev.timescalemigrate.event.MigrationListener} (every method defaults to a
 * no-op) or a plain {@code Consumer<MigrationEvent>}; events are delivered on a thread of their own, so a slow
 * listener does not slow the copy, and an exception thrown by a listener is logged and ignored.
 */
package dev.timescalemigrate.event;
