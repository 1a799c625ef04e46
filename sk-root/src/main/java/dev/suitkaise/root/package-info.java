/**
 * The project root and root-relative paths.
 *
 * <p>{@link dev.suitkaise.root.SKRoot} finds the project directory ({@code .skroot} marker, build
 * files below the version-control boundary, or the boundary itself), lists its files honouring
 * {@code .gitignore} and {@code .skignore} files at every level, prints its tree, resolves
 * resources and registers the project's code locations as sk-reg domain roots.
 * {@link dev.suitkaise.root.SKPath} is an absolute path together with its root-relative,
 * normalized form (forward slashes, no {@code .} or {@code ..}), which is the same on every
 * machine and operating system and is what equality, hashing and {@link dev.suitkaise.root.SKPath#id()}
 * are based on.
 *
 * <p>All types here are immutable values or thread-safe; each method says what it blocks on
 * (file system access) and what it throws ({@link dev.suitkaise.root.SKRootException}).
 *
 * <p>No parameter of this package accepts null unless its documentation says so; a null argument
 * elsewhere throws a {@link NullPointerException} whose message names the parameter.
 */
package dev.suitkaise.root;
