package dev.suitkaise.process.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The frame codec: frame classes travel as registered numbers. */
class FrameCodecTest {

    private static final List<Frame> SAMPLES = List.of(
            new Frame.Ping(),
            new Frame.RunTask(7, new byte[] {1, 2, 3}),
            new Frame.GlobalCall(8, Frame.GlobalOp.GET, "GLOBAL", "counts", new byte[] {4}, null, null),
            new Frame.CommanderCall(9, Frame.CommanderOp.TRY_ACQUIRE, "INTERNAL", 1, "who"),
            new Frame.CommanderCall(11, Frame.CommanderOp.CANCEL, "INTERNAL", 9, "who"),
            new Frame.Reply(10, null, true, 3, List.of(new byte[] {5}),
                    new Frame.RemoteError("java.lang.IllegalStateException", "boom", List.of("at x"), null)));

    @Test
    void everyFrameClassIsRegistered() {
        List<Class<?>> expected = new java.util.ArrayList<>(List.of(Frame.class.getPermittedSubclasses()));
        expected.addAll(List.of(Frame.GlobalOp.class, Frame.CommanderOp.class, Frame.RemoteError.class));

        assertThat(Codecs.frameClasses()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theProtocolVersionNamesTheSetOfRegisteredFrameClasses() {
        // registration numbers follow the sorted class names: a new, removed or renamed frame class
        // changes them, and a peer of the old protocol would misread every frame. Raise
        // Frame.VERSION, then record the new list here. The same holds for the constants of the enums.
        String names = java.util.Arrays.stream(Codecs.frameClasses()).map(Class::getSimpleName).sorted()
                .collect(java.util.stream.Collectors.joining(","));
        // enums travel as ordinals: a constant added, removed or moved changes what a number means
        String constants = java.util.Arrays.stream(Codecs.frameClasses()).filter(Class::isEnum)
                .sorted(java.util.Comparator.comparing(Class::getSimpleName))
                .map(c -> c.getSimpleName() + java.util.Arrays.toString(c.getEnumConstants()))
                .collect(java.util.stream.Collectors.joining(","));

        // 5: the hello left the frames (a fixed layout, Hello) after version 4 had briefly shipped with a framed one
        assertThat(Frame.VERSION).isEqualTo(5);
        assertThat(names).isEqualTo("CancelTask,CommanderCall,CommanderOp,GlobalCall,GlobalEvent,GlobalOp,Heartbeat,"
                + "InitFailed,Message,Ping,Ready,RemoteError,Reply,RunTask,Stop,TaskDone,TaskFailed,Welcome");
        assertThat(constants).isEqualTo("CommanderOp[ACQUIRE, RELEASE, GET_MAX, SET_MAX, GET_QUOTA, SET_QUOTA, RUNNING, WAITING,"
                + " GET_POLICY, SET_POLICY, TRY_ACQUIRE, CANCEL],GlobalOp[GET, CONTAINS, PUT, REMOVE, PUT_IF_ABSENT, REPLACE,"
                + " REPLACE_IF, REMOVE_IF, SIZE, CLEAR, ENTRIES, NAMES, DROP, SUBSCRIBE, UNSUBSCRIBE]");
    }

    @Test
    void aFrameNamesNoClassByName() {
        for (Frame f : SAMPLES) {
            byte[] bytes = Codecs.ENVELOPE.serialize(f);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(text).as("%s written as %d bytes", f.getClass().getSimpleName(), bytes.length)
                    .doesNotContain("Frame").doesNotContain("dev.suitkaise");
            assertThat(Codecs.ENVELOPE.deserialize(bytes, Frame.class)).usingRecursiveComparison().isEqualTo(f);
        }
    }
}
