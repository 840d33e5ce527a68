package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.QualifiedName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApplySchedulerTest {

    private static final QualifiedName ITEMS = QualifiedName.of("app", "items");
    private static final QualifiedName LOG = QualifiedName.of("app", "log");

    private static ApplyScheduler.Keys rows(QualifiedName table, String... keys) {
        ApplyScheduler.Keys k = new ApplyScheduler.Keys();
        for (String key : keys) {
            k.row(table, key);
        }
        return k;
    }

    private static ApplyScheduler.Keys whole(QualifiedName table) {
        ApplyScheduler.Keys k = new ApplyScheduler.Keys();
        k.table(table);
        return k;
    }

    private static int give(ApplyScheduler s, ApplyScheduler.Keys keys) {
        int w = s.choose(keys);
        if (w >= 0) {
            s.hold(w, keys);
        }
        return w;
    }

    @Test
    void shouldSpreadTransactionsOfDifferentRowsOverTheLeastLoadedWorkers() {
        ApplyScheduler s = new ApplyScheduler(3);
        assertThat(give(s, rows(ITEMS, "1"))).isEqualTo(0);
        assertThat(give(s, rows(ITEMS, "2"))).isEqualTo(1);
        assertThat(give(s, rows(ITEMS, "3"))).isEqualTo(2);
        assertThat(give(s, rows(ITEMS, "4"))).isEqualTo(0);
        assertThat(s.load(0)).isEqualTo(2);
        assertThat(s.idle()).isFalse();
    }

    @Test
    void shouldGiveATransactionToTheWorkerHoldingARowItChangesUntilThatWorkerCommitted() {
        ApplyScheduler s = new ApplyScheduler(2);
        ApplyScheduler.Keys first = rows(ITEMS, "1");
        give(s, first);
        give(s, rows(ITEMS, "2"));
        assertThat(s.choose(rows(ITEMS, "1", "9"))).as("behind the first, on its worker").isEqualTo(0);
        s.release(0, first);
        assertThat(s.choose(rows(ITEMS, "1", "9"))).as("committed: any worker").isEqualTo(0);
        assertThat(s.choose(rows(ITEMS, "2"))).isEqualTo(1);
    }

    @Test
    void shouldMakeATransactionThatConflictsWithTwoWorkersWait() {
        ApplyScheduler s = new ApplyScheduler(2);
        ApplyScheduler.Keys one = rows(ITEMS, "1");
        give(s, one);
        give(s, rows(ITEMS, "2"));
        assertThat(s.choose(rows(ITEMS, "1", "2"))).isEqualTo(-1);
        s.release(0, one);
        assertThat(s.choose(rows(ITEMS, "1", "2"))).isEqualTo(1);
    }

    @Test
    void shouldOrderAWholeTableAgainstEveryRowOfItButNotAgainstOtherTables() {
        ApplyScheduler s = new ApplyScheduler(2);
        ApplyScheduler.Keys row = rows(ITEMS, "1");
        give(s, row);
        assertThat(s.choose(whole(ITEMS))).as("a row of it is held by worker 0").isEqualTo(0);
        ApplyScheduler.Keys log = whole(LOG);
        assertThat(give(s, log)).isEqualTo(1);
        assertThat(s.choose(rows(LOG, "7"))).as("the table is held as a whole").isEqualTo(1);
        ApplyScheduler.Keys both = whole(ITEMS);
        both.table(LOG);
        assertThat(s.choose(both)).isEqualTo(-1);
        s.release(0, row);
        s.release(1, log);
        assertThat(s.idle()).isTrue();
        assertThat(s.choose(both)).isEqualTo(0);
    }

    @Test
    void shouldKeepARowHeldWhileAnyOfItsTransactionsIsUncommitted() {
        ApplyScheduler s = new ApplyScheduler(2);
        ApplyScheduler.Keys a = rows(ITEMS, "1");
        ApplyScheduler.Keys b = rows(ITEMS, "1");
        give(s, a);
        assertThat(give(s, b)).isEqualTo(0);
        s.release(0, a);
        assertThat(s.choose(rows(ITEMS, "1"))).as("b still holds it").isEqualTo(0);
        give(s, rows(ITEMS, "5")); // worker 1 now less loaded than worker 0? both 1
        s.release(0, b);
        assertThat(s.load(0)).isZero();
        assertThat(s.choose(rows(ITEMS, "1"))).as("free: the least loaded").isEqualTo(0);
    }
}
