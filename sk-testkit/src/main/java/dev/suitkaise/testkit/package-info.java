/**
 * Test support shared by the tests of the Suitkaise modules, which depend on it with test scope.
 *
 * <ul>
 *   <li>{@link dev.suitkaise.testkit.PublicApiNulls} checks how the public API of a package treats a null
 *       argument: refused with a message that names the parameter, unless documented as nullable.</li>
 *   <li>{@link dev.suitkaise.testkit.OutsideCode} copies test classes into a directory that is no domain root and
 *       defines them from there, so that they are code outside every domain root.</li>
 *   <li>{@link dev.suitkaise.testkit.NoOrphanProcesses} fails a test class that leaves child processes behind,
 *       after the module's own shutdown of what owns them.</li>
 * </ul>
 *
 * <p>Nothing here depends on a Suitkaise module; a module-specific part stays in that module's tests.
 */
package dev.suitkaise.testkit;
