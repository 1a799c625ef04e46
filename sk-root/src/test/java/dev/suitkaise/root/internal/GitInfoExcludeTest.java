package dev.suitkaise.root.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a walk reads the root's {@code .git/info/exclude}: read at once, absent when it is not there. */
class GitInfoExcludeTest {

    @TempDir
    Path tmp;

    @Test
    void anExcludeFileThatIsThereGivesItsPatterns() throws IOException {
        Path exclude = tmp.resolve(".git/info/exclude");
        Files.createDirectories(exclude.getParent());
        Files.writeString(exclude, "*.bak\n# note\nsecret/\n", StandardCharsets.UTF_8);

        assertThat(ProjectWalker.readExclude(exclude)).extracting(IgnorePattern::text).containsExactly("*.bak", "secret/");
    }

    @Test
    void aRootWithoutGitOrWithoutAnExcludeFileHasNoExcludePatterns() throws IOException {
        assertThat(ProjectWalker.readExclude(tmp.resolve(".git/info/exclude"))).isEmpty();
        Files.createDirectories(tmp.resolve(".git/info"));
        assertThat(ProjectWalker.readExclude(tmp.resolve(".git/info/exclude"))).isEmpty();
    }

    @Test
    void aGitThatIsAFileAsInALinkedWorkTreeOrASubmoduleHasNoExcludePatterns() throws IOException {
        Files.writeString(tmp.resolve(".git"), "gitdir: /elsewhere/.git/worktrees/w\n", StandardCharsets.UTF_8);

        assertThat(ProjectWalker.readExclude(tmp.resolve(".git/info/exclude"))).isEmpty();
    }

    @Test
    void aDanglingLinkedExcludeFileHasNoExcludePatterns() throws IOException {
        Path exclude = tmp.resolve(".git/info/exclude");
        Files.createDirectories(exclude.getParent());
        Files.createSymbolicLink(exclude, tmp.resolve("gone"));

        assertThat(ProjectWalker.readExclude(exclude)).isEmpty();
    }

    @Test
    void anExcludePathThatIsThereButIsNoRegularFileIsAnErrorNotAbsence() throws IOException {
        Path exclude = tmp.resolve(".git/info/exclude");
        Files.createDirectories(exclude);

        assertThatThrownBy(() -> ProjectWalker.readExclude(exclude)).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("not a regular file");
    }
}
