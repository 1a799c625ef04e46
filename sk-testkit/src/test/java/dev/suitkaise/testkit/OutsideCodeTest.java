package dev.suitkaise.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutsideCodeTest {

    @TempDir
    Path dir;

    @Test
    void aCopyIsDefinedFromTheDirectoryByItsOwnLoaderInAnUnnamedModule() throws Exception {
        OutsideCode code = OutsideCode.copyInto(dir, CopiedUser.class);

        Class<?> copy = code.load(CopiedUser.class);

        assertThat(copy).isNotSameAs(CopiedUser.class);
        assertThat(copy.getName()).isEqualTo(CopiedUser.class.getName());
        assertThat(copy.getClassLoader()).isSameAs(code.loader());
        assertThat(code.loader().getName()).isEqualTo(OutsideCode.LOADER_NAME);
        assertThat(code.loader().getParent()).isSameAs(CopiedUser.class.getClassLoader());
        assertThat(copy.getModule().isNamed()).isFalse();
        assertThat(Path.of(copy.getProtectionDomain().getCodeSource().getLocation().toURI()))
                .isEqualTo(dir.toAbsolutePath().normalize()).isEqualTo(code.directory());
        assertThat(dir.resolve("dev/suitkaise/testkit/CopiedUser.class")).isRegularFile();
        assertThat(code.load(CopiedUser.class)).isSameAs(copy);
    }

    @Test
    void everyOtherClassComesFromTheTestsLoader() throws Exception {
        Supplier<ClassLoader> user = OutsideCode.copyInto(dir, CopiedUser.class).newInstance(CopiedUser.class);

        assertThat(user).isNotInstanceOf(CopiedUser.class);
        assertThat(user.get()).isSameAs(Helper.class.getClassLoader());
    }

    @Test
    void classesCopiedTogetherResolveToEachOther() throws Exception {
        OutsideCode code = OutsideCode.copyInto(dir, CopiedUser.class, Helper.class);
        Supplier<ClassLoader> user = code.newInstance(CopiedUser.class);

        assertThat(user.get()).isSameAs(code.loader());
        assertThat(code.loader().getResource("dev/suitkaise/testkit/Helper.class")).isNotNull();
    }

    @Test
    void aClassThatWasNotCopiedIsRefused() throws Exception {
        OutsideCode code = OutsideCode.copyInto(dir, Helper.class);

        assertThatThrownBy(() -> code.load(CopiedUser.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(CopiedUser.class.getName()).hasMessageContaining("was not copied");
    }

    @Test
    void aNestedClassOrOneWithNestedClassesIsRefusedBeforeAnythingIsCopied() {
        assertThatThrownBy(() -> OutsideCode.copyInto(dir, Nested.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Nested.class.getName()).hasMessageContaining("nested");
        assertThatThrownBy(() -> OutsideCode.copyInto(dir, OutsideCodeTest.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void classesOfDifferentLoadersAreRefused() throws Exception {
        Class<?> copy = OutsideCode.copyInto(Files.createDirectory(dir.resolve("first")), Helper.class)
                .load(Helper.class);

        assertThatThrownBy(() -> OutsideCode.copyInto(dir.resolve("second"), CopiedUser.class, copy))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one class loader");
    }

    /** A nested class, which cannot be copied. */
    static final class Nested {
    }
}
