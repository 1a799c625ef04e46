package dev.suitkaise.reg;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Registering, reading and removing entries, the duplicate policies and key validation. */
class RegistrationTest {

    /** This test class's own registry type. */
    static final class PanelReg extends SKReg<String> {
        private PanelReg(Domain domain) {
            super(domain);
        }

        static PanelReg of(Domain domain) {
            return SKReg.open(PanelReg.class, domain, PanelReg::new);
        }
    }

    private PanelReg reg;

    @BeforeEach
    void startEmpty() {
        reg = PanelReg.of(Domain.INTERNAL);
        reg.clear();
    }

    @Test
    void aRegisteredValueCanBeReadBackByItsKey() {
        assertThat(reg.register("main", "Main panel")).isEqualTo("main");

        assertThat(reg.get("main")).contains("Main panel");
        assertThat(reg.require("main")).isEqualTo("Main panel");
        assertThat(reg.contains("main")).isTrue();
        assertThat(reg.size()).isEqualTo(1);
    }

    @Test
    void readingAMissingKeyGivesEmptyAndContainsSaysFalse() {
        assertThat(reg.get("nothing")).isEmpty();
        assertThat(reg.contains("nothing")).isFalse();
        assertThat(reg.metadata("nothing")).isEmpty();
    }

    @Test
    void registeringATakenKeyWithRaiseFailsAndKeepsTheOldValue() {
        reg.register("main", "first");

        assertThatThrownBy(() -> reg.register("main", "second", OnDuplicate.RAISE))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("Key 'main' is already registered in INTERNAL registry PanelReg")
                .hasMessageContaining("OnDuplicate.OVERWRITE, IGNORE or CREATE_NEW");
        assertThat(reg.require("main")).isEqualTo("first");
        assertThat(reg.size()).isEqualTo(1);
    }

    @Test
    void theTwoArgumentRegisterRaisesOnATakenKey() {
        reg.register("main", "first");

        assertThatThrownBy(() -> reg.register("main", "second"))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("already registered");
        assertThat(reg.require("main")).isEqualTo("first");
    }

    @Test
    void overwriteReplacesTheValueOfATakenKey() {
        reg.register("main", "first");

        assertThat(reg.register("main", "second", OnDuplicate.OVERWRITE)).isEqualTo("main");

        assertThat(reg.require("main")).isEqualTo("second");
        assertThat(reg.size()).isEqualTo(1);
    }

    @Test
    void overwriteOfAFreeKeyRegistersIt() {
        assertThat(reg.register("main", "first", OnDuplicate.OVERWRITE)).isEqualTo("main");
        assertThat(reg.require("main")).isEqualTo("first");
    }

    @Test
    void ignoreKeepsTheExistingValueAndReturnsItsKey() {
        reg.register("main", "first");

        assertThat(reg.register("main", "second", OnDuplicate.IGNORE)).isEqualTo("main");

        assertThat(reg.require("main")).isEqualTo("first");
        assertThat(reg.size()).isEqualTo(1);
    }

    @Test
    void ignoreRegistersAFreeKey() {
        assertThat(reg.register("main", "first", OnDuplicate.IGNORE)).isEqualTo("main");
        assertThat(reg.require("main")).isEqualTo("first");
    }

    @Test
    void createNewUsesTheKeyItselfWhileItIsFree() {
        assertThat(reg.register("job", "a", OnDuplicate.CREATE_NEW)).isEqualTo("job");
    }

    @Test
    void createNewRegistersUnderKey1Key2AndSoOnWhenTheKeyIsTaken() {
        reg.register("job", "a");

        assertThat(reg.register("job", "b", OnDuplicate.CREATE_NEW)).isEqualTo("job_1");
        assertThat(reg.register("job", "c", OnDuplicate.CREATE_NEW)).isEqualTo("job_2");
        assertThat(reg.register("job", "d", OnDuplicate.CREATE_NEW)).isEqualTo("job_3");

        assertThat(reg.keys()).containsExactly("job", "job_1", "job_2", "job_3");
        assertThat(reg.values()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void createNewSkipsSuffixesThatAreAlreadyTaken() {
        reg.register("job", "a");
        reg.register("job_1", "taken");
        reg.register("job_3", "taken too");

        assertThat(reg.register("job", "b", OnDuplicate.CREATE_NEW)).isEqualTo("job_2");
        assertThat(reg.register("job", "c", OnDuplicate.CREATE_NEW)).isEqualTo("job_4");
        assertThat(reg.require("job_1")).isEqualTo("taken");
        assertThat(reg.require("job_2")).isEqualTo("b");
    }

    @Test
    void createNewReusesTheFirstSuffixThatWasFreedAgain() {
        reg.register("job", "a");
        reg.register("job", "b", OnDuplicate.CREATE_NEW);
        reg.register("job", "c", OnDuplicate.CREATE_NEW);
        reg.remove("job_1");

        assertThat(reg.register("job", "d", OnDuplicate.CREATE_NEW)).isEqualTo("job_1");
    }

    @Test
    void requireOfAMissingKeyNamesTheCloseMatches() {
        reg.register("alpha", "a");
        reg.register("alphabet", "b");
        reg.register("gamma", "g");
        reg.register("zeta", "z");

        assertThatThrownBy(() -> reg.require("alph"))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("No key 'alph' in INTERNAL registry PanelReg (4 entries)")
                .hasMessageContaining("Did you mean 'alpha', 'alphabet'?")
                .hasMessageNotContaining("'gamma'")
                .hasMessageNotContaining("'zeta'");
    }

    @Test
    void requireSuggestsKeysWithATypoOrDifferentCase() {
        reg.register("alpha", "a");
        reg.register("omega", "o");

        assertThatThrownBy(() -> reg.require("alpah"))
                .hasMessageContaining("Did you mean 'alpha'?");
        assertThatThrownBy(() -> reg.require("OMEGA"))
                .hasMessageContaining("Did you mean 'omega'?");
    }

    @Test
    void requireWithoutAnyCloseMatchSaysToRegisterFirst() {
        reg.register("alpha", "a");

        assertThatThrownBy(() -> reg.require("completely-different"))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("Register it first.")
                .hasMessageNotContaining("Did you mean");
    }

    @Test
    void requireSuggestsAtMostThreeKeysClosestFirst() {
        for (String key : List.of("node1", "node2", "node3", "node4", "nod")) {
            reg.register(key, key);
        }

        assertThatThrownBy(() -> reg.require("node"))
                .hasMessageContaining("Did you mean 'nod', 'node1', 'node2'?")
                .hasMessageNotContaining("'node3'");
    }

    @Test
    void removeReturnsTheValueAndForgetsTheKey() {
        reg.register("main", "first");

        assertThat(reg.remove("main")).contains("first");

        assertThat(reg.contains("main")).isFalse();
        assertThat(reg.remove("main")).isEmpty();
        assertThat(reg.size()).isZero();
    }

    @Test
    void aRemovedKeyCanBeRegisteredAgainWithRaise() {
        reg.register("main", "first");
        reg.remove("main");

        assertThat(reg.register("main", "second")).isEqualTo("main");
        assertThat(reg.require("main")).isEqualTo("second");
    }

    @Test
    void keysValuesAndEntriesAreSortedByKey() {
        reg.register("charlie", "c");
        reg.register("alpha", "a");
        reg.register("bravo", "b");

        assertThat(reg.keys()).containsExactly("alpha", "bravo", "charlie");
        assertThat(reg.values()).containsExactly("a", "b", "c");
        assertThat(reg.entries()).extracting(SKReg.Entry::key).containsExactly("alpha", "bravo", "charlie");
        assertThat(reg.entries()).extracting(SKReg.Entry::value).containsExactly("a", "b", "c");
        assertThat(reg.entries()).allSatisfy(e -> assertThat(e.metadata()).isEqualTo(reg.metadata(e.key()).orElseThrow()));
    }

    @Test
    void snapshotsAreImmutableAndDoNotFollowLaterChanges() {
        reg.register("alpha", "a");
        Set<String> keys = reg.keys();
        List<String> values = reg.values();
        List<SKReg.Entry<String>> entries = reg.entries();
        Map<String, String> found = reg.find(v -> true);

        reg.register("bravo", "b");

        assertThat(keys).containsExactly("alpha");
        assertThat(values).containsExactly("a");
        assertThat(entries).hasSize(1);
        assertThat(found).containsOnlyKeys("alpha");
        assertThatThrownBy(() -> keys.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> values.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> entries.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> found.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void findReturnsTheMatchingEntriesInKeyOrder() {
        reg.register("c-panel", "blue sky");
        reg.register("a-panel", "blue sea");
        reg.register("b-panel", "red wall");

        Map<String, String> blue = reg.find(v -> v.startsWith("blue"));

        assertThat(blue).containsExactly(Map.entry("a-panel", "blue sea"), Map.entry("c-panel", "blue sky"));
        assertThat(reg.find(v -> false)).isEmpty();
    }

    @Test
    void clearRemovesEveryKeyAndSaysHowMany() {
        reg.register("a", "1");
        reg.register("b", "2");
        reg.register("c", "3");

        assertThat(reg.clear()).isEqualTo(3);

        assertThat(reg.size()).isZero();
        assertThat(reg.keys()).isEmpty();
        assertThat(reg.clear()).isZero();
    }

    @Test
    void aNullKeyIsRejected() {
        assertThatThrownBy(() -> reg.register(null, "v"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key in registry PanelReg must not be null");
        assertThatThrownBy(() -> reg.get(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> reg.require(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> reg.remove(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> reg.contains(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> reg.metadata(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aBlankKeyIsRejected() {
        assertThatThrownBy(() -> reg.register("", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Key in INTERNAL registry PanelReg must not be blank.");
        assertThatThrownBy(() -> reg.register(" \t", "v", OnDuplicate.OVERWRITE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be blank");
        assertThat(reg.size()).isZero();
    }

    @Test
    void aKeyWithSurroundingWhiteSpaceIsRejected() {
        for (String key : List.of(" main", "main ", "\tmain\n")) {
            assertThatThrownBy(() -> reg.register(key, "v", OnDuplicate.CREATE_NEW))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has leading or trailing white space; strip it first");
        }
        assertThat(reg.size()).isZero();
    }

    @Test
    void aKeyWithInnerWhiteSpaceIsAccepted() {
        assertThat(reg.register("main panel", "v")).isEqualTo("main panel");
        assertThat(reg.require("main panel")).isEqualTo("v");
    }

    @Test
    void aNullValueOrPolicyIsRejectedAndNothingIsRegistered() {
        assertThatThrownBy(() -> reg.register("main", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("value for key 'main' in registry PanelReg must not be null");
        assertThatThrownBy(() -> reg.register("main", "v", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("onDuplicate");
        assertThatThrownBy(() -> reg.find(null)).isInstanceOf(NullPointerException.class);
        assertThat(reg.contains("main")).isFalse();
    }

    @Test
    void nameDomainAndToStringDescribeTheRegistry() {
        reg.register("a", "1");
        reg.register("b", "2");

        assertThat(reg.name()).isEqualTo("PanelReg");
        assertThat(reg.domain()).isEqualTo(Domain.INTERNAL);
        assertThat(reg).hasToString("PanelReg[INTERNAL, size=2]");
    }

    @Test
    void getAndRequireReturnTheSameInstanceThatWasRegistered() {
        String value = new String("panel");
        reg.register("main", value);

        assertThat(reg.require("main")).isSameAs(value);
        assertThat(reg.get("main")).containsSame(value);
        assertThat(reg.find(v -> true).get("main")).isSameAs(value);
    }

    @Test
    void getOfAKeyDiffersFromAnotherKeyOnlyByCase() {
        reg.register("Main", "upper");

        assertThat(reg.get("main")).isEqualTo(Optional.empty());
        assertThat(reg.contains("Main")).isTrue();
    }
}
