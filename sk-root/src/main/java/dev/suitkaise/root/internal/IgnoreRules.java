package dev.suitkaise.root.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The patterns of one directory's ignore files ({@code .gitignore}, then {@code .skignore}, which
 * therefore wins), in file order: the last matching pattern decides.
 *
 * <p>Immutable and thread-safe.
 *
 * @param base the directory's path relative to the root, with a trailing {@code /}, or empty for the root
 * @param patterns the patterns in order
 */
public record IgnoreRules(String base, List<IgnorePattern> patterns) {

    /**
     * Creates rules, copying the list.
     *
     * @param base the directory's normalized relative path plus {@code /}, or empty
     * @param patterns the patterns in order
     */
    public IgnoreRules {
        patterns = List.copyOf(patterns);
    }

    /**
     * Parses the text of an ignore file.
     *
     * @param text the file content
     * @return the patterns in order
     */
    public static List<IgnorePattern> parse(String text) {
        String t = text;
        if (!t.isEmpty() && t.charAt(0) == '\uFEFF') {
            t = t.substring(1);
        }
        List<IgnorePattern> out = new ArrayList<>();
        int start = 0;
        while (start <= t.length()) {
            int nl = t.indexOf('\n', start);
            int end = nl < 0 ? t.length() : nl;
            IgnorePattern p = IgnorePattern.parse(t.substring(start, end));
            if (p != null) {
                out.add(p);
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return out;
    }

    /** The largest ignore file read, 8 MiB; real ones are a few kilobytes. */
    public static final long MAX_FILE_SIZE = 8L << 20;

    /**
     * Reads and parses an ignore file. Files that are not valid UTF-8 are read as ISO-8859-1.
     *
     * <p>Only a regular file of at most {@link #MAX_FILE_SIZE} bytes is read. When
     * {@code followLinks} is false a symbolic link is refused, as git refuses an in-tree
     * {@code .gitignore} that is a symbolic link ("Too many levels of symbolic links") and applies
     * none of its patterns; git follows a linked {@code .git/info/exclude}, which is read with
     * {@code followLinks} true. A FIFO, device or directory is refused rather than opened, so a
     * FIFO named {@code .gitignore} cannot block the walk (unless it replaces a regular file
     * between the check and the opening). Blocks on the file system.
     *
     * @param file the file
     * @param followLinks whether a symbolic link is followed
     * @return the patterns in order
     * @throws IOException if the file cannot be read, is a symbolic link while {@code followLinks}
     *         is false, is not a regular file, or is larger than {@link #MAX_FILE_SIZE}
     */
    public static List<IgnorePattern> read(Path file, boolean followLinks) throws IOException {
        LinkOption[] linkOptions = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        return read(file, Files.readAttributes(file, BasicFileAttributes.class, linkOptions), () -> {
            if (followLinks) {
                return Files.newByteChannel(file, StandardOpenOption.READ);
            }
            try {
                return Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IllegalArgumentException | UnsupportedOperationException noSuchOption) {
                // a file system that does not take the option when opening (a zip file system): its
                // attributes, read without following links, said the file is not a link
                return Files.newByteChannel(file, StandardOpenOption.READ);
            }
        });
    }

    /**
     * Reads and parses an ignore file of a directory that is open, relative to that directory: its
     * type and size are read through the directory's handle and it is opened relative to it, so
     * what is read is the file in the directory that was opened even if the directory's path has
     * since been made to name another directory or a symbolic link. The rules are those of
     * {@link #read(Path, boolean)} with {@code followLinks} false: only a regular file of at most
     * {@link #MAX_FILE_SIZE} bytes, never a symbolic link, and a FIFO, device or directory is
     * refused rather than opened, so a FIFO cannot block the walk (unless it replaces a regular
     * file between the check and the opening). Blocks on the file system.
     *
     * @param directory the open directory
     * @param name the file's name in the directory (a path of one component, such as {@code .gitignore})
     * @param shownAs the file's path, used only in messages
     * @return the patterns in order
     * @throws IOException if the file cannot be read, is a symbolic link, is not a regular file, or
     *         is larger than {@link #MAX_FILE_SIZE}
     */
    public static List<IgnorePattern> read(SecureDirectoryStream<Path> directory, Path name, Path shownAs)
            throws IOException {
        BasicFileAttributes a = directory.getFileAttributeView(name, BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        return read(shownAs, a, () -> directory.newByteChannel(name,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
    }

    /** Opens an ignore file whose attributes were checked. */
    @FunctionalInterface
    private interface Opener {
        SeekableByteChannel open() throws IOException;
    }

    /** Checks the attributes of an ignore file, then opens it, reads it and parses it. */
    private static List<IgnorePattern> read(Path file, BasicFileAttributes a, Opener opener) throws IOException {
        if (a.isSymbolicLink()) {
            throw new FileSystemException(file.toString(), null,
                    "a symbolic link, which git does not follow for an ignore file inside the work tree");
        }
        if (!a.isRegularFile()) {
            throw new FileSystemException(file.toString(), null, "not a regular file");
        }
        if (a.size() > MAX_FILE_SIZE) {
            throw new FileSystemException(file.toString(), null,
                    "larger than the " + MAX_FILE_SIZE + " bytes an ignore file may have (" + a.size() + " bytes)");
        }
        byte[] bytes;
        try (SeekableByteChannel ch = opener.open()) {
            // one byte more than allowed tells a file that grew past the limit after its size was checked;
            // a file that grows while it is read is read as far as its size when the read began
            bytes = Channels.newInputStream(ch).readNBytes((int) MAX_FILE_SIZE + 1);
        }
        if (bytes.length > MAX_FILE_SIZE) {
            throw new FileSystemException(file.toString(), null,
                    "larger than the " + MAX_FILE_SIZE + " bytes an ignore file may have (it grew after its size was checked)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return parse(text);
    }

    /**
     * The verdict of these rules for a path.
     *
     * @param relativeToRoot the path relative to the root, starting with {@link #base}
     * @param name its last component
     * @param directory whether it is a directory
     * @return TRUE if ignored, FALSE if re-included by a negated pattern, null if no pattern matches
     */
    public Boolean verdict(String relativeToRoot, String name, boolean directory) {
        String rel = relativeToRoot.substring(base.length());
        for (int i = patterns.size() - 1; i >= 0; i--) {
            IgnorePattern p = patterns.get(i);
            if (p.matches(rel, name, directory)) {
                return !p.negated();
            }
        }
        return null;
    }
}
