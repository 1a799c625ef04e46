package dev.suitkaise.reg;

import dev.suitkaise.testkit.PublicApiNulls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A null argument to any public constructor or method of {@code dev.suitkaise.reg} is refused with a
 * NullPointerException whose message names the parameter, except where the Javadoc says null is allowed.
 */
class PublicApiNullsTest {

    /** A registry of this test's own, opened in the GLOBAL domain. */
    static final class NullsReg extends SKReg<String> {
        NullsReg(Domain domain) {
            super(domain, AccessCheck.ON_OPEN);
        }
    }

    @Test
    void everyPublicMemberRefusesANullArgumentWithAMessageNamingTheParameter(@TempDir Path dir) {
        GlobalName name = new GlobalName(Domain.GLOBAL, "public-api-nulls");
        PublicApiNulls nulls = new PublicApiNulls("dev.suitkaise.reg", PublicApiNullsTest.class)
                .setDefault(Path.class, dir.resolve("snapshot.bin"))
                .setDefault(String.class, "public-api-nulls")
                .setDefault(GlobalName.class, name)
                // a restricted domain: DomainRoots refuses GLOBAL (which has no roots) before it looks at the roots
                .setDefault(Domain.class, Domain.INTERNAL)
                .setDefault(Principals.class, Principals.NONE)
                .setDefault(CodeRoot.class, CodeRoot.module("public.api.nulls"))
                .setDefault(EntryMetadata.class, new EntryMetadata(Instant.EPOCH, Instant.EPOCH, 0, 1, "main"))
                // Throwable's convention: a null message or cause is allowed
                .nullable("SKRegException.new.message", "Throwable convention")
                .nullable("SKRegException.new.cause", "Throwable convention")
                .nullable("SKAccessException.new.message", "Throwable convention")
                // GlobalChange: oldValue is null when the key was absent, newValue when it was removed
                .nullable("GlobalChange.new.oldValue", "'or null if the key was absent'")
                .nullable("GlobalChange.new.newValue", "'or null if the key was removed'")
                // RegEvent: oldValue is null for REGISTERED, newValue for REMOVED
                .nullable("RegEvent.new.oldValue", "'or null for REGISTERED'")
                .nullable("RegEvent.new.newValue", "'or null for REMOVED'")
                // GlobalValue: null means unset
                .nullable("GlobalValue.getOrDefault.fallback", "the fallback is returned as it is")
                .nullable("GlobalValue.set.value", "'null unsets it'")
                .nullable("GlobalValue.getAndSet.value", "'or null to unset'")
                .nullable("GlobalValue.compareAndSet.expected", "'or null for \"unset\"'")
                .nullable("GlobalValue.compareAndSet.update", "'or null to unset'")
                // the varargs element check names the array's elements
                .words("Principals.of.classes", "principal class");

        nulls.statics(AccessCheck.class).statics(CodeRoot.class).statics(CodeRoot.Location.class)
                .statics(CodeRoot.Module.class).statics(Domain.class).statics(DomainRoots.class)
                .statics(EntryMetadata.class).statics(GlobalChange.class).statics(GlobalName.class)
                .statics(OnDuplicate.class).statics(Principals.class).statics(RegEvent.class)
                .statics(RegEvent.Kind.class).statics(SKAccess.class).statics(SKAccessException.class)
                .statics(SKGlobal.class).statics(SKGlobalStorage.class).statics(SKReg.class).statics(SKReg.Entry.class)
                .statics(SKRegException.class);

        SKGlobalStorage storage = SKGlobalStorage.inProcess();
        try (Subscription subscription = storage.subscribe(name, change -> { })) {
            NullsReg reg = SKReg.open(NullsReg.class, Domain.GLOBAL, NullsReg::new);
            reg.register("present", "value");
            nulls.instance(CodeRoot.class, CodeRoot.module("public.api.nulls"))
                    .instance(CodeRoot.Location.class, CodeRoot.location(dir))
                    .instance(CodeRoot.Module.class, CodeRoot.module("public.api.nulls"))
                    .instance(Principals.class, Principals.of(PublicApiNullsTest.class))
                    .instance(GlobalValue.class, SKGlobal.value(Domain.GLOBAL, "public-api-nulls-value"))
                    .instance(GlobalMap.class, SKGlobal.map(Domain.GLOBAL, "public-api-nulls-map"))
                    .instance(SKGlobalStorage.class, storage)
                    .instance(SKReg.class, reg)
                    .instance(Subscription.class, subscription)
                    .instance(Domain.class, Domain.GLOBAL)
                    .instance(GlobalChange.class, new GlobalChange<>(name, "k", null, "v"))
                    .instance(RegEvent.class, new RegEvent<>(RegEvent.Kind.REGISTERED, "r", Domain.GLOBAL, "k", null, "v"))
                    .instance(SKReg.Entry.class, reg.entries().get(0))
                    .instance(SKAccessException.class, new SKAccessException("m", "c", Domain.INTERNAL, List.of()))
                    .noMembers(GlobalListener.class, "implemented by users; the library calls it with a change")
                    .noMembers(RegListener.class, "implemented by users; the library calls it with an event");
            reg.clear();
        } finally {
            storage.close();
        }

        nulls.assertClean();
        assertThat(nulls.membersChecked()).hasSizeGreaterThan(60);
    }
}
