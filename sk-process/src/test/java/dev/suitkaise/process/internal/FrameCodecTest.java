package dev.suitkaise.process.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The frame codecs: frame classes travel as registered numbers, and both codecs agree on them. */
class FrameCodecTest {

    private static final List<Frame> SAMPLES = List.of(
            new Frame.Hello(1, "token", 42),
            new Frame.Ping(),
            new Frame.RunTask(7, new byte[] {1, 2, 3}),
            new Frame.GlobalCall(8, Frame.GlobalOp.GET, "GLOBAL", "counts", new byte[] {4}, null, null),
            new Frame.CommanderCall(9, Frame.CommanderOp.TRY_ACQUIRE, "INTERNAL", 1, "who"),
            new Frame.Reply(10, null, true, 3, List.of(new byte[] {5}),
                    new Frame.RemoteError("java.lang.IllegalStateException", "boom", List.of("at x"), null)));

    @Test
    void everyFrameClassIsRegistered() {
        assertThat(Codecs.frameClasses()).contains(Frame.class.getPermittedSubclasses())
                .contains(Frame.GlobalOp.class, Frame.CommanderOp.class, Frame.RemoteError.class);
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

    @Test
    void theHandshakeCodecReadsWhatTheEnvelopeCodecWrites() {
        for (Frame f : SAMPLES) {
            assertThat(Codecs.HANDSHAKE.deserialize(Codecs.ENVELOPE.serialize(f), Frame.class))
                    .usingRecursiveComparison().isEqualTo(f);
        }
    }
}
