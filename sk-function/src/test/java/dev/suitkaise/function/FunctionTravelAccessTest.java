package dev.suitkaise.function;

import dev.suitkaise.cereal.SKCereal;
import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKGlobal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A function that INTERNAL code builds keeps its access when it travels through sk-cereal's
 * internal codec, as it does when sk-process sends it to a child JVM: the serialization libraries
 * sk-cereal drives (Kryo) read it for the code that called sk-cereal and do not become principals.
 */
class FunctionTravelAccessTest {

    private CodeRoot standIn;

    /**
     * Functions built in this test class are built, as far as the stack shows, by JUnit's code
     * (this module's own frames are skipped); JUnit's jar stands in for an INTERNAL module such as
     * sk-process or sk-cycle.
     */
    @BeforeEach
    void makeTheBuildingCodeInternal() throws ClassNotFoundException {
        standIn = CodeRoot.locationOf(Class.forName("org.junit.platform.commons.util.ReflectionUtils"));
        DomainRoots.add(Domain.INTERNAL, standIn);
    }

    @AfterEach
    void forgetTheStandIn() {
        DomainRoots.remove(Domain.INTERNAL, standIn);
    }

    @Test
    void aFunctionOfInternalCodeReadThroughTheInternalCodecStillReachesInternalMachinery() throws Exception {
        SKFunction<?> built = SKFunction.builder().target(SKGlobal.class.getMethod("storage")).build();
        assertThat(built.actingFor().mayOpen(Domain.INTERNAL)).isTrue();
        byte[] bytes = SKCereal.internal().serialize(built);

        ExecutorService reader = Executors.newSingleThreadExecutor(); // a reader thread with no test frames below
        SKFunction<?> arrived;
        try {
            arrived = CompletableFuture.supplyAsync(() -> (SKFunction<?>) SKCereal.internal().deserialize(bytes), reader)
                    .get(30, TimeUnit.SECONDS);
        } finally {
            reader.shutdownNow();
        }

        assertThat(arrived.actingFor().classes()).noneMatch(c -> c.getName().startsWith("com.esotericsoftware."));
        assertThat(arrived.actingFor().mayOpen(Domain.INTERNAL)).isTrue();
        assertThat(arrived.execute()).isSameAs(SKGlobal.storage());
    }
}
