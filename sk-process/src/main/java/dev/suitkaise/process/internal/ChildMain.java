package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCereal;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bootstrap of a child JVM. The parent writes one line to the child's stdin (the address of
 * its channel, the child's token and the parent's pid, tab-separated) and closes it; the child
 * connects back, sends its hello with the token at once (before it sets anything else up: the
 * parent refuses a connection whose hello is late), takes the parent's welcome and serves the
 * parent until the channel closes or the parent dies. Not meant to be started by hand.
 *
 * <p>Its exit status: 0 once it served its parent (the channel closed, the parent stopped it or
 * died); 1 when an init function failed; 2 without a valid connection line on stdin; 3 when it
 * cannot connect to the parent; 4 when it gives up before the parent welcomed it (its hello could
 * not be sent, or the channel ended while the parent was still alive: the parent refused or
 * abandoned it). Each failure before the welcome is explained in one line on stderr, which the
 * parent forwards to its log and quotes when the start fails.
 */
public final class ChildMain {

    private ChildMain() {
    }

    /**
     * Runs the child.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // SLF4J first, on this thread: a logging call made by another thread while SLF4J initializes
        // is queued and replayed, with a warning on stderr that the parent forwards to its log
        LoggerFactory.getILoggerFactory();
        // builds the codecs' classes and first Kryo sessions on a second core while this thread
        // reads its connection line, connects and sets up logging and the channel
        Thread.ofPlatform().daemon().name("sk-warm-up").start(ChildMain::warmUp);
        String line;
        try {
            line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            line = null;
        }
        String[] parts = line == null ? new String[0] : line.split("\t");
        if (parts.length != 3) {
            // there is no channel to report on: stderr is what the parent forwards and quotes
            System.err.println("sk-process child: no connection line on stdin. This program is started by"
                    + " SKProcessManager.spawn, not by hand.");
            System.exit(2);
            return;
        }
        long parentPid;
        try {
            parentPid = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            System.err.println("sk-process child: bad parent pid '" + parts[2] + "' on stdin.");
            System.exit(2);
            return;
        }
        ChildRuntime.run(parts[0], parts[1], parentPid);
    }

    /**
     * Makes the codecs' first frames cheap: a round trip through the envelope codec and the
     * default payload codec loads and links their classes and leaves a pooled Kryo session of
     * each kind. A failure here changes nothing: the same work happens, and is reported, on first
     * use.
     */
    private static void warmUp() {
        try {
            // the frames of a start, a task and a global call: the first decoding of each record
            // class sets up its serializer, which takes milliseconds on a cold JVM (a warm spare
            // that a spawn takes would otherwise spend them after its welcome)
            byte[] none = new byte[0];
            List<Frame> frames = List.of(new Frame.Heartbeat(0, 0, 0), new Frame.Welcome("warm-up", "INTERNAL", List.of(), List.of(none),
                            List.of("module:warm.up"), List.of("/warm/up")),
                    new Frame.Ready(), new Frame.Ping(), new Frame.RunTask(0, none), new Frame.TaskDone(0, none),
                    new Frame.CancelTask(0), new Frame.Message(none),
                    new Frame.GlobalCall(0, Frame.GlobalOp.GET, "GLOBAL", "warm-up", none, none, none),
                    new Frame.Reply(0, none, true, 0, List.of(none), null));
            for (Frame f : frames) {
                Codecs.ENVELOPE.deserialize(Codecs.ENVELOPE.serialize(f), Frame.class);
            }
            InternalCereal payload = SKCereal.internal();
            payload.deserialize(payload.serialize(List.of(1, "a")));
        } catch (RuntimeException | LinkageError e) {
            // reported on first use
        }
    }
}
