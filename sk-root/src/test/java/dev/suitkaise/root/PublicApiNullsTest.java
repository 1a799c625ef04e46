package dev.suitkaise.root;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.testkit.PublicApiNulls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A null argument to any public constructor or method of {@code dev.suitkaise.root} is refused with a
 * NullPointerException whose message names the parameter, except where the Javadoc says null is allowed.
 */
class PublicApiNullsTest {

    @Test
    void everyPublicMemberRefusesANullArgumentWithAMessageNamingTheParameter(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.txt"), "a");
        SKRoot root = SKRoot.of(dir);
        SKPath file = root.pathOf("a.txt");
        PublicApiNulls nulls = new PublicApiNulls("dev.suitkaise.root", PublicApiNullsTest.class)
                .setDefault(String.class, "a.txt")
                .setDefault(Path.class, dir.resolve("a.txt"))
                .setDefault(SKRoot.class, root)
                .setDefault(SKPath.class, file)
                .setDefault(CodeRoot.class, CodeRoot.module("public.api.nulls"))
                .setDefault(URL.class, dir.resolve("a.txt").toUri().toURL())
                // Throwable's convention: a null message or cause is allowed
                .nullable("SKRootException.new.message", "Throwable convention")
                .nullable("SKRootException.new.cause", "Throwable convention")
                .nullable("SKRoot.resource.anchor", "'a class whose module or loader should be asked first; may be null'");

        nulls.statics(CodeRoots.class).statics(DomainRegistration.class).statics(RootDetection.class)
                .statics(RootOverride.class).statics(SKPath.class).statics(SKResource.class)
                .statics(SKResource.Origin.class).statics(SKRoot.class).statics(SKRootException.class)
                .statics(SKTree.class);

        try (RootOverride override = SKRoot.override(root)) {
            nulls.instance(SKRoot.class, root)
                    .instance(SKPath.class, file)
                    .instance(RootOverride.class, override)
                    .instance(SKTree.class, root.tree(1))
                    .instance(SKResource.class, new SKResource("a.txt", dir.resolve("a.txt").toUri().toURL(),
                            SKResource.Origin.values()[0]))
                    .instance(CodeRoots.class, new CodeRoots(List.of(), List.of()))
                    .instance(DomainRegistration.class, new DomainRegistration(List.of(), List.of()));
        }

        nulls.assertClean();
        assertThat(nulls.membersChecked()).hasSizeGreaterThan(40);
    }
}
