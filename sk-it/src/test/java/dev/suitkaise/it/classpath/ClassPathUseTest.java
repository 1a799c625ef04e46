package dev.suitkaise.it.classpath;

import dev.suitkaise.cereal.CerealHandlerReg;
import dev.suitkaise.cereal.SKCereal;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.reg.SKAccessException;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.root.SKRoot;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Suitkaise used from the class path, as many applications and test suites do: this module has no
 * module-info, so surefire puts every jar on the class path and everything is in unnamed modules.
 */
class ClassPathUseTest {

    @Test
    void theSuitkaiseJarsAreInternalCodeEvenOnTheClassPath() {
        assertThat(SKCereal.class.getModule().isNamed()).as("sk-cereal runs on the class path here").isFalse();
        assertThat(DomainRoots.contains(Domain.INTERNAL, SKCereal.class)).isTrue();
        assertThat(DomainRoots.contains(Domain.INTERNAL, SKRoot.class)).isTrue();
        assertThat(DomainRoots.contains(Domain.INTERNAL, ClassPathUseTest.class)).isFalse();
    }

    @Test
    void theInternalCodecWorksOnTheClassPath() {
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        try {
            Object graph = List.of(Map.of("permits", new Semaphore(2)), lock, "text");
            Object back = SKCereal.internal().deserialize(SKCereal.internal().serialize(graph));
            assertThat(back).isInstanceOf(List.class);
            List<?> list = (List<?>) back;
            assertThat(((Semaphore) ((Map<?, ?>) list.get(0)).get("permits")).availablePermits()).isEqualTo(2);
            assertThat(((ReentrantLock) list.get(1)).isLocked()).isFalse();
            assertThat(list.get(2)).isEqualTo("text");
        } finally {
            lock.unlock();
        }
    }

    @Test
    void userCodeOnTheClassPathStillCannotOpenInternalRegistries() {
        assertThatThrownBy(() -> CerealHandlerReg.of(Domain.INTERNAL))
                .isInstanceOf(SKAccessException.class)
                .hasMessageContaining(ClassPathUseTest.class.getName());
        GlobalMap<String, Integer> counts = SKGlobal.map(Domain.GLOBAL, "class-path-use");
        assertThat(counts.merge("n", 1, Integer::sum)).isEqualTo(1);
    }
}
