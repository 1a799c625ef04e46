/**
 * The README's demo: {@link dev.suitkaise.examples.words.WordTour}, a word-frequency and file-statistics
 * pipeline over the files of the project it runs in, using every Suitkaise module together.
 */
package dev.suitkaise.examples.words;
