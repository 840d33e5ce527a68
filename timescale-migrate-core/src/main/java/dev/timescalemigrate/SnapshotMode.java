package dev.timescalemigrate;

/**
 * How the copy reads the source.
 */
public enum SnapshotMode {

    /**
     * Every worker reads one snapshot of the source, exported by a coordinating transaction that stays open for
     * the whole run: the target is a copy of one instant even while the source keeps changing. The cost: that
     * transaction holds back vacuum on the source (dead rows are not removed) until the run ends. When the
     * coordinating connection is lost, a new snapshot is exported, the run goes on and the report says the copy is
     * no longer of one instant; a resumed run likewise reads a new snapshot for the units still to copy.
     */
    EXPORTED,

    /**
     * Every unit reads the source in its own short transaction; no transaction stays open. Suits busy sources
     * where vacuum must not be held back; on a source that changes during the run the target is not a copy of one
     * instant (the report says so).
     */
    PER_UNIT
}
