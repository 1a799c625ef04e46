/**
 * Implementation of sk-root, not exported: root detection, the gitignore pattern engine
 * (a port of git's {@code wildmatch}), the ignore-aware project walker, class-file reading for
 * {@code SourceFile} attributes, and the search for code locations under a root.
 */
package dev.suitkaise.root.internal;
