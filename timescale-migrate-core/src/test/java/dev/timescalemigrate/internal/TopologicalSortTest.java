package dev.timescalemigrate.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopologicalSortTest {

    /** An item with a name and the names it depends on. */
    record Node(String name, List<String> deps) {
        static Node of(String name, String... deps) {
            return new Node(name, Arrays.asList(deps));
        }
    }

    private static List<String> sort(List<Node> nodes) {
        return TopologicalSort.sort(nodes, Node::name, Node::deps, Comparator.comparing(Node::name))
                .stream().map(Node::name).toList();
    }

    @Test
    void shouldPutDependenciesFirst() {
        List<String> sorted = sort(List.of(Node.of("a", "c"), Node.of("b"), Node.of("c", "d"), Node.of("d")));
        assertThat(sorted).as("a needs c needs d; ties by name").containsExactly("b", "d", "c", "a");
    }

    @Test
    void shouldBreakTiesByTheComparatorWhateverTheInputOrder() {
        List<Node> nodes = List.of(Node.of("z"), Node.of("m", "z"), Node.of("b"), Node.of("a", "z"));
        List<String> expected = List.of("b", "z", "a", "m");
        assertThat(sort(nodes)).as("given order").containsExactlyElementsOf(expected);
        assertThat(sort(nodes.reversed())).as("reversed input").containsExactlyElementsOf(expected);
    }

    @Test
    void shouldKeepInputOrderForItemsTheComparatorCallsEqual() {
        List<Node> nodes = List.of(Node.of("x2"), Node.of("x1"), Node.of("x3"));
        List<String> sorted = TopologicalSort.sort(nodes, Node::name, Node::deps, (l, r) -> 0)
                .stream().map(Node::name).toList();
        assertThat(sorted).as("stable").containsExactly("x2", "x1", "x3");
    }

    @Test
    void shouldNotFailOnCyclesAndKeepEveryItemOnce() {
        List<Node> nodes = List.of(Node.of("c", "b"), Node.of("b", "a"), Node.of("a", "c"), Node.of("d", "a"),
                Node.of("e"));
        List<String> sorted = sort(nodes);
        assertThat(sorted).as("every item once").hasSize(5).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThat(sorted).as("free item first, then the cycle broken in name order, then its dependents")
                .containsExactly("e", "a", "b", "c", "d");
    }

    @Test
    void shouldIgnoreUnknownDependencies() {
        assertThat(sort(List.of(Node.of("b", "nowhere"), Node.of("a", "missing", "b"))))
                .as("unknown keys do not hold items back").containsExactly("b", "a");
    }

    @Test
    void shouldIgnoreSelfReferences() {
        assertThat(sort(List.of(Node.of("b", "b"), Node.of("a", "a", "b"))))
                .as("a self-reference is not a cycle").containsExactly("b", "a");
    }

    @Test
    void shouldHandleDuplicateDependenciesAndEmptyInput() {
        assertThat(sort(List.of(Node.of("a", "b", "b", "b"), Node.of("b")))).as("repeated dependency")
                .containsExactly("b", "a");
        assertThat(sort(List.of())).as("nothing").isEmpty();
    }

    @Test
    void shouldSortByKeysOfAnotherType() {
        Map<Integer, List<Integer>> deps = Map.of(1, List.of(3), 2, List.of(), 3, List.of(2));
        List<Integer> sorted = TopologicalSort.sort(List.of(1, 2, 3), i -> i, deps::get, Comparator.naturalOrder());
        assertThat(sorted).as("numbers by their own keys").containsExactly(2, 3, 1);
    }
}
