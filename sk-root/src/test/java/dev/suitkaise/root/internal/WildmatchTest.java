package dev.suitkaise.root.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The glob engine behind ignore files and {@code SKRoot.files(glob)}, on cases from git's wildmatch tests. */
class WildmatchTest {

    @ParameterizedTest(name = "''{0}'' against ''{1}'' is {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "foo|foo|true",
        "foo|bar|false",
        "???|foo|true",
        "??|foo|false",
        "*|foo|true",
        "f*|foo|true",
        "*f|foo|false",
        "*foo*|foo|true",
        "*ob*a*r*|foobar|true",
        "*|foo/bar|false",
        "**|foo/bar|true",
        "**/foo|foo|true",
        "**/foo|a/b/foo|true",
        "foo/**|foo/a/b|true",
        "foo/**|foo|false",
        "a/**/b|a/b|true",
        "a/**/b|a/x/y/b|true",
        "a/**/b|a/bb|false",
        "a**b|a/b|false",
        "a**b|axxb|true",
        "*/bar|foo/bar|true",
        "*/bar|a/foo/bar|false",
        "?|/|false",
        "[a-c]x|bx|true",
        "[!a-c]x|bx|false",
        "[^a-c]x|dx|true",
        "[]]|]|true",
        "[\\]]|]|true",
        "\\*|*|true",
        "\\*|x|false",
        "*.java|.java|true",
        "[[:alpha:]]|a|true",
        "[[:digit:][:upper:]]|A|true",
        "[[:digit:]]|a|false",
        "[a-|a|false",
        "[/]|/|false",
        "[a-c]x|cx|true",
        "[!a-c]x|cx|false",
        "[a\\-z]|b|false",
        "[a\\-z]|-|true",
        "[\\]-a]|^|true",
        "[[:alpha:]-]|-|true",
        "[[:bogus:]]|a|false",
        "[[:x]|:|true",
        "[[:x]|[|true",
    })
    void matchesLikeGit(String pattern, String text, boolean expected) {
        assertThat(Wildmatch.matches(pattern, text)).isEqualTo(expected);
    }

    /** Expected answers as {@code git check-ignore} gives them for the pattern as a whole {@code .gitignore}. */
    @ParameterizedTest(name = "compiled ''{0}'' against ''{1}'' is {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "**/build|build|true",
        "**/build|a/build|true",
        "**/build|a/b/build|true",
        "**/build|abuild|false",
        "**/build|a/xbuild|false",
        "**/build|build.x|false",
        "build/**|build/x|true",
        "build/**|build/x/y|true",
        "build/**|abuild/x|false",
        "a/**/b|a/b|true",
        "a/**/b|a/x/y/b|true",
        "a/**/b|a/xb|false",
        "a/**/b|ax/b|false",
        "**/*.class|X.class|true",
        "**/*.class|a/b/X.class|true",
        "**/*.class|a/.class|true",
        "**/*.class|a/X.clas|false",
        "src/**/*.java|src/A.java|true",
        "src/**/*.java|src/a/b/A.java|true",
        "src/**/*.java|A.java|false",
        "src/**/*.java|lib/src/A.java|false",
        "*/**/b|x/b|true",
        "*/**/b|x/y/z/b|true",
        "*/**/b|b|false",
        "**/build/**|build/x|true",
        "**/build/**|a/b/build/x|true",
        "**/x/**/y|a/x/b/y|true",
        "**/x/**/y|x/y|true",
        "**/x/**/y|a/xx/b/y|false",
        "**/a/*/b|q/a/z/b|true",
        "**/a/*/b|a/z/z/b|false",
        "build/**|build|false",
        "**/build/**|build|false",
        "**/build/**|a/build|false",
        "*/**/b|x/y|false",
    })
    void aCompiledGlobOfACommonShapeMatchesLikeGit(String pattern, String text, boolean expected) {
        Wildmatch.Glob glob = Wildmatch.compile(pattern);

        assertThat(glob.matches(text)).isEqualTo(expected);
        assertThat(Wildmatch.matches(pattern, text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "''{0}'' keeps a memo per match: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "build|false",
        "*.java|false",
        "**/build|false",
        "build/**|false",
        "**/build/**|false",
        "a/**/b|false",
        "**/*.class|false",
        "src/**/*.java|false",
        "*/**/b|false",
        "a*/**/b*|false",
        "**\\/a*|false",
        "**/**/build|false",
        "**/x/**/y|true",
        "**/*a*b|true",
        "*a/**/b|true",
        "**/a\\/*b|false",
        "**/[a/**/b|true",
    })
    void aCompiledGlobKeepsAMemoOnlyWhereAMatchCanAskTheSameTwice(String pattern, boolean memoized) {
        assertThat(Wildmatch.compile(pattern).memoized()).isEqualTo(memoized);
    }

    @Test
    void repeatedDoubleStarSlashesAnswerWithoutExponentialBacktracking() {
        String deep = "a/".repeat(30) + "y";
        String twelve = "**/".repeat(12);

        boolean[] answers = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> new boolean[] {
            Wildmatch.matches(twelve + "z", deep),
            Wildmatch.matches(twelve + "y", deep),
            Wildmatch.matches(twelve + "a/y", deep),
            Wildmatch.matches("**/".repeat(20) + "b/**/" + "**/".repeat(10) + "y", deep),
        }, "12 or more **/ against a 30-deep path must not backtrack exponentially");

        assertThat(answers).containsExactly(false, true, true, false);
        IgnorePattern ignore = IgnorePattern.parse(twelve + "z");
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(30), () -> ignore.matches(deep, "y", false))).isFalse();
    }

    @Test
    void aHundredDoubleStarSlashesAgainstAThousandDeepPathAnswerOnceCompiled() {
        String deep = "a/".repeat(1000) + "y";
        String hundred = "**/".repeat(100);
        IgnorePattern ignoreZ = IgnorePattern.parse(hundred + "z");
        IgnorePattern ignoreY = IgnorePattern.parse(hundred + "a/y");

        boolean[] answers = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> new boolean[] {
            Wildmatch.matches(Wildmatch.collapse(hundred + "z"), deep),
            Wildmatch.matches(Wildmatch.collapse(hundred + "y"), deep),
            ignoreZ.matches(deep, "y", false),
            ignoreY.matches(deep, "y", false),
        }, "100 **/ against a 1000-deep path must answer like one **/");

        assertThat(answers).containsExactly(false, true, false, true);
        assertThat(ignoreZ.glob().pattern()).isEqualTo("**/z");
    }

    @ParameterizedTest(name = "''{0}'' compiles to ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "**/**/x|**/x",
        "**/***/**/x|**/x",
        "a/**/**/**/b|a/**/b",
        "/**/**/b|/**/b",
        "**/**/|**/",
        "**/**|**/**",
        "a**/**/b|a**/**/b",
        "**/*/x|**/*/x",
        "\\**/**/x|\\**/**/x",
        "[**/**/]/**/**/x|[**/**/]/**/x",
        "[**/**/]**/**/x|[**/**/]**/**/x",
        "[**/**/|[**/**/",
        "**/\\/**/x|**/\\/**/x",
        "**/**\\/x|**/**\\/x",
        "x|x",
    })
    void collapseFoldsOnlyConsecutiveCrossingDoubleStarSlashes(String pattern, String compiled) {
        assertThat(Wildmatch.collapse(pattern)).isEqualTo(compiled);
    }

    @Test
    void aCollapsedPatternMatchesWhatTheOriginalMatchesOnRandomInputs() {
        String[] tokens = {"a", "b", "/", "*", "**", "**/", "/**", "/**/", "***/", "?", "[ab]", "[!a]", "[/]", "\\",
            "\\*", "\\/", "[", "]", "[[:alpha:]]", "[[:nope:]]", "*/"};
        String[] parts = {"a", "b", "/", "ab", "a/", "/b", "*", "["};
        Random random = new Random(20261126L);
        List<String> differences = new ArrayList<>();
        int folded = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder p = new StringBuilder();
            for (int k = 1 + random.nextInt(8); k > 0; k--) {
                p.append(tokens[random.nextInt(tokens.length)]);
            }
            StringBuilder t = new StringBuilder();
            for (int k = random.nextInt(9); k > 0; k--) {
                t.append(parts[random.nextInt(parts.length)]);
            }
            String pattern = p.toString();
            String compiled = Wildmatch.collapse(pattern);
            if (!compiled.equals(pattern)) {
                folded++;
            }
            boolean original = Wildmatch.matches(pattern, t.toString());
            if (original != Wildmatch.matches(compiled, t.toString()) && differences.size() < 20) {
                differences.add("'" + pattern + "' -> '" + compiled + "' against '" + t + "': original " + original);
            }
        }

        assertThat(differences).isEmpty();
        assertThat(folded).as("patterns that had something to fold").isGreaterThan(5_000);
    }
}
