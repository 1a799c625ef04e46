package dev.suitkaise.reg;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a registry records about each entry: times, access count and creator. */
class EntryMetadataTest {

    /** This test class's own registry type. */
    static final class NoteReg extends SKReg<String> {
        private NoteReg(Domain domain) {
            super(domain);
        }

        static NoteReg of(Domain domain) {
            return SKReg.open(NoteReg.class, domain, NoteReg::new);
        }
    }

    private NoteReg reg;

    @BeforeEach
    void startEmpty() {
        reg = NoteReg.of(Domain.GLOBAL);
        reg.clear();
    }

    private EntryMetadata meta(String key) {
        return reg.metadata(key).orElseThrow();
    }

    @Test
    void aNewEntryRecordsItsCreatorAndHasNotBeenRead() {
        reg.register("note", "hello");
        Instant afterRegistering = Instant.now();

        EntryMetadata m = meta("note");

        assertThat(m.accessCount()).isZero();
        assertThat(m.creatorPid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(m.creatorThread()).isEqualTo(Thread.currentThread().getName());
        assertThat(m.modified()).isEqualTo(m.created());
        assertThat(m.created()).isBeforeOrEqualTo(afterRegistering);
    }

    @Test
    void getAndRequireCountAsAccesses() {
        reg.register("note", "hello");

        reg.get("note");
        reg.get("note");
        reg.require("note");

        assertThat(meta("note").accessCount()).isEqualTo(3);
    }

    @Test
    void containsFindKeysValuesEntriesAndMetadataDoNotCountAsAccesses() {
        reg.register("note", "hello");

        reg.contains("note");
        reg.find(v -> true);
        reg.keys();
        reg.values();
        reg.entries();
        reg.metadata("note");
        reg.size();

        assertThat(meta("note").accessCount()).isZero();
    }

    @Test
    void readingAMissingKeyCountsNowhere() {
        reg.register("note", "hello");

        reg.get("other");

        assertThat(meta("note").accessCount()).isZero();
    }

    @Test
    void overwriteKeepsCreationCreatorAndAccessCountAndUpdatesModified() {
        reg.register("note", "first");
        reg.get("note");
        reg.require("note");
        EntryMetadata before = meta("note");

        reg.register("note", "second", OnDuplicate.OVERWRITE);
        EntryMetadata after = meta("note");

        assertThat(after.created()).isEqualTo(before.created());
        assertThat(after.creatorPid()).isEqualTo(before.creatorPid());
        assertThat(after.creatorThread()).isEqualTo(before.creatorThread());
        assertThat(after.accessCount()).isEqualTo(2);
        assertThat(after.modified()).isAfterOrEqualTo(before.modified());
        assertThat(reg.require("note")).isEqualTo("second");
    }

    @Test
    void theAccessCountGoesOnAcrossOverwrites() {
        reg.register("note", "v0");
        for (int i = 1; i <= 5; i++) {
            reg.get("note");
            reg.register("note", "v" + i, OnDuplicate.OVERWRITE);
        }
        reg.require("note");

        assertThat(meta("note").accessCount()).isEqualTo(6);
    }

    @Test
    void ignoreLeavesTheMetadataUntouched() {
        reg.register("note", "first");
        reg.get("note");
        EntryMetadata before = meta("note");

        reg.register("note", "second", OnDuplicate.IGNORE);

        assertThat(meta("note")).isEqualTo(before);
    }

    @Test
    void aFailedRaiseLeavesTheMetadataUntouched() {
        reg.register("note", "first");
        EntryMetadata before = meta("note");

        assertThatThrownBy(() -> reg.register("note", "second")).isInstanceOf(SKRegException.class);

        assertThat(meta("note")).isEqualTo(before);
    }

    @Test
    void removingAndRegisteringAgainStartsFreshMetadata() {
        reg.register("note", "first");
        reg.get("note");
        reg.get("note");

        reg.remove("note");
        reg.register("note", "second");

        assertThat(meta("note").accessCount()).isZero();
    }

    @Test
    void createNewEntriesHaveTheirOwnMetadata() {
        reg.register("note", "first");
        reg.get("note");

        String second = reg.register("note", "second", OnDuplicate.CREATE_NEW);

        assertThat(meta(second).accessCount()).isZero();
        assertThat(meta("note").accessCount()).isEqualTo(1);
    }

    @Test
    void theCreatorThreadIsTheThreadThatRegisteredAndSurvivesAnOverwriteFromAnotherThread() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread registrar = new Thread(() -> {
            try {
                reg.register("note", "from registrar");
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "registrar-thread");
        registrar.start();
        registrar.join();
        assertThat(failure.get()).isNull();

        reg.register("note", "from test", OnDuplicate.OVERWRITE);

        assertThat(meta("note").creatorThread()).isEqualTo("registrar-thread");
        assertThat(reg.require("note")).isEqualTo("from test");
    }

    @Test
    void entriesCarryTheSameMetadataAsTheMetadataMethod() {
        reg.register("note", "hello");
        reg.get("note");

        SKReg.Entry<String> entry = reg.entries().getFirst();

        assertThat(entry.key()).isEqualTo("note");
        assertThat(entry.value()).isEqualTo("hello");
        assertThat(entry.metadata()).isEqualTo(meta("note"));
        assertThat(entry.metadata().accessCount()).isEqualTo(1);
    }

    @Test
    void aMetadataSnapshotDoesNotChangeWithLaterReads() {
        reg.register("note", "hello");
        EntryMetadata snapshot = meta("note");

        reg.get("note");

        assertThat(snapshot.accessCount()).isZero();
        assertThat(meta("note").accessCount()).isEqualTo(1);
    }
}
