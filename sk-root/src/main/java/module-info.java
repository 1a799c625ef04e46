/**
 * Suitkaise project root: finds the project a program runs in ({@link dev.suitkaise.root.SKRoot}),
 * names every file under it the same way on every machine ({@link dev.suitkaise.root.SKPath}),
 * lists the project's files honouring {@code .gitignore} and {@code .skignore}, and tells sk-reg
 * which code locations belong to the INTERNAL and EXTERNAL domains.
 */
module dev.suitkaise.root {
    requires transitive dev.suitkaise.reg;
    requires dev.suitkaise.cereal;
    requires org.slf4j;

    exports dev.suitkaise.root;

    // SKPath travels through sk-cereal as its root-relative form and is re-rooted on arrival.
    provides dev.suitkaise.cereal.CerealHandler with dev.suitkaise.root.internal.SKPathCerealHandler;
}
