package dev.suitkaise.process.internal;

import dev.suitkaise.reg.SKGlobalStorage;

/**
 * The commander's store of globals, in the top process of a program: sk-reg's in-process
 * storage, whose changes reach listeners here and, through {@link GlobalRelay}, in children.
 */
final class LocalGlobalStore {

    static final SKGlobalStorage INSTANCE = SKGlobalStorage.inProcess();

    private LocalGlobalStore() {
    }
}
