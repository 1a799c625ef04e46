package dev.suitkaise.examples.words;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Counts the words of files (see {@link WordStats} for the definitions). Files are decoded as UTF-8
 * with malformed input replaced. Stateless and thread-safe.
 */
public final class WordCounter {

    private WordCounter() {
    }

    /**
     * Counts every {@code step}-th file of a list, starting at {@code first}: one shard of the list.
     *
     * @param root the directory the file names are relative to
     * @param files the files, relative to root, with '/' separators
     * @param first the first index of this shard
     * @param step the number of shards
     * @param perFile called after each file with the number of words in it
     * @return the counts of the shard
     * @throws UncheckedIOException if a file cannot be read
     */
    public static WordStats countShard(Path root, List<String> files, int first, int step, LongConsumer perFile) {
        long lines = 0;
        long words = 0;
        long bytes = 0;
        long count = 0;
        Map<String, Long> counts = new HashMap<>();
        for (int i = first; i < files.size(); i += step) {
            byte[] content;
            try {
                content = Files.readAllBytes(root.resolve(files.get(i)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + files.get(i) + " under " + root, e);
            }
            String text = decode(content);
            long before = words;
            StringBuilder word = new StringBuilder();
            for (int at = 0; at < text.length(); ) {
                int cp = text.codePointAt(at);
                at += Character.charCount(cp);
                if (Character.isLetterOrDigit(cp)) {
                    word.appendCodePoint(cp);
                } else if (!word.isEmpty()) {
                    counts.merge(word.toString().toLowerCase(Locale.ROOT), 1L, Long::sum);
                    words++;
                    word.setLength(0);
                }
                if (cp == '\n') {
                    lines++;
                }
            }
            if (!word.isEmpty()) {
                counts.merge(word.toString().toLowerCase(Locale.ROOT), 1L, Long::sum);
                words++;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                lines++;
            }
            bytes += content.length;
            count++;
            perFile.accept(words - before);
        }
        return new WordStats(count, lines, words, bytes, counts);
    }

    private static String decode(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder threw", e);
        }
    }
}
