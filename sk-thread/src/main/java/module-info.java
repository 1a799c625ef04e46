/**
 * Suitkaise thread manager: one {@link dev.suitkaise.thread.SKThreader} per process that starts,
 * names, monitors, stops and joins platform and virtual threads ({@link dev.suitkaise.thread.SKThread})
 * and long-lived component workers with mailboxes ({@link dev.suitkaise.thread.SKWorker}).
 */
module dev.suitkaise.thread {
    requires transitive dev.suitkaise.function;
    requires org.slf4j;

    exports dev.suitkaise.thread;
}
