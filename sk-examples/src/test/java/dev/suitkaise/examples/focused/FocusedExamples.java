package dev.suitkaise.examples.focused;

import java.util.List;

/** The focused examples, each run by {@link FocusedExamplesTest}. */
public final class FocusedExamples {

    /** Every focused example; the README may quote these (and the tour). */
    public static final List<Class<?>> ALL = List.of(Registries.class, ProjectRoot.class, WorstObject.class,
            StoredFunctions.class, ThreadManager.class, ProcessPool.class, ContinuousCycle.class);

    private FocusedExamples() {
    }
}
