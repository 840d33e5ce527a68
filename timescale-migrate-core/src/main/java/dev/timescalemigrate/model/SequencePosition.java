package dev.timescalemigrate.model;

/**
 * Where a sequence stands: the value {@code setval(seq, lastValue, isCalled)} restores.
 *
 * @param lastValue the last value returned, or the start value when never called
 * @param isCalled  whether {@code nextval} has been called since the last value was set
 */
public record SequencePosition(long lastValue, boolean isCalled) {
}
