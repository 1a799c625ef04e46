/**
 * Benchmarks of sk-root, the project root: listing the files of a project of about 20,000 files
 * with {@code SKRoot.files()}, which honours every {@code .gitignore}, beside a plain
 * {@link java.nio.file.Files#walk(java.nio.file.Path, java.nio.file.FileVisitOption...)} over the
 * same tree, which honours none. The goal is {@code files()} within 2x of the plain walk.
 */
package dev.suitkaise.bench.root;
