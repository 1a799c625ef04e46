package dev.suitkaise.root.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

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
    })
    void matchesLikeGit(String pattern, String text, boolean expected) {
        assertThat(Wildmatch.matches(pattern, text)).isEqualTo(expected);
    }
}
