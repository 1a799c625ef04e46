package dev.suitkaise.root;

/**
 * How an {@link SKRoot} was found.
 */
public enum RootDetection {
    /** The nearest directory holding a {@code .skroot} marker file, at or above the start. */
    SKROOT_MARKER,
    /**
     * The outermost directory holding a build file ({@code pom.xml}, {@code build.gradle},
     * {@code build.gradle.kts}, {@code settings.gradle}, {@code settings.gradle.kts},
     * {@code build.xml}), not above the nearest version-control boundary.
     */
    BUILD_MARKER,
    /** The nearest directory holding {@code .git} (directory or file) or {@code .hg}. */
    VCS_BOUNDARY,
    /**
     * Named explicitly: {@link SKRoot#of}, the {@code suitkaise.root} system property or the
     * {@code SUITKAISE_ROOT} environment variable.
     */
    EXPLICIT
}
