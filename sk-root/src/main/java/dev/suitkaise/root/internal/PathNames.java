package dev.suitkaise.root.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Path canonicalization, the root-relative normalized form, and the reversible compact id.
 *
 * <p>Stateless and thread-safe. {@link #canonical} touches the file system; the rest is pure.
 */
public final class PathNames {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PathNames() {
    }

    /**
     * The canonical form of a path: absolute, lexically normalized, and with every symbolic link
     * of its existing part resolved. A path whose tail does not exist keeps that tail as given.
     *
     * @param path any path; relative paths are taken against the working directory
     * @return the canonical path
     */
    public static Path canonical(Path path) {
        Path p = path.toAbsolutePath().normalize();
        Path existing = p;
        List<Path> missing = new ArrayList<>();
        while (existing != null) {
            try {
                Path real = existing.toRealPath();
                for (int i = missing.size() - 1; i >= 0; i--) {
                    real = real.resolve(missing.get(i));
                }
                return real;
            } catch (IOException | SecurityException e) {
                Path name = existing.getFileName();
                if (name == null) {
                    break;
                }
                missing.add(name);
                existing = existing.getParent();
            }
        }
        return p;
    }

    /**
     * The normalized name of {@code absolute} relative to {@code root}: forward slashes, no
     * {@code .} or {@code ..}, empty for the root itself. A path outside the root is named by its
     * absolute form with forward slashes and a leading {@code /} ({@code /tmp/x}, {@code /C:/x}).
     *
     * @param root the canonical root directory
     * @param absolute an absolute, normalized path
     * @return the normalized form
     */
    public static String normalize(Path root, Path absolute) {
        if (absolute.startsWith(root)) {
            return join(root.relativize(absolute));
        }
        String s = absolute.toString().replace(absolute.getFileSystem().getSeparator(), "/");
        if (s.indexOf('\\') >= 0) {
            s = s.replace('\\', '/');
        }
        return s.startsWith("/") ? s : "/" + s;
    }

    /**
     * Whether a normalized form names a path outside its root.
     *
     * @param normalized a normalized form
     * @return true if it is an absolute (outside) form
     */
    public static boolean isOutside(String normalized) {
        return normalized.startsWith("/");
    }

    /**
     * Joins the names of a relative path with forward slashes.
     *
     * @param relative a relative path
     * @return the names joined by {@code /}, or the empty string for an empty path
     */
    public static String join(Path relative) {
        int n = relative.getNameCount();
        if (n == 1 && relative.toString().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(relative.toString().length());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(relative.getName(i).toString());
        }
        return sb.toString();
    }

    /**
     * Resolves the normalized form an id decodes to against a root directory. Each name of a
     * relative form must be one file name on the root's file system (no separator, drive or root
     * of its own), so the result lies under {@code root}.
     *
     * @param root the root directory
     * @param id the id the form was decoded from, used only in messages
     * @param normalized a normalized form (relative, or absolute with a leading {@code /}) without
     *                   {@code .} or {@code ..} names, as {@link #decodeId} returns it
     * @return the absolute path
     * @throws IllegalArgumentException if a name of a relative form is not one file name on the
     *         root's file system (on Windows, for example, {@code a\b} or {@code C:x}), or the form
     *         is not a valid path there (a NUL character, for example); the message names the id,
     *         the form and the root
     */
    public static Path resolveId(Path root, String id, String normalized) {
        try {
            return resolveChecked(root, id, normalized);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("SKPath id '" + id + "' names no path under root " + root + ": it decodes to '"
                    + normalized + "', which is not a valid path on this file system (" + e.getMessage() + "). Send ids"
                    + " made on a file system that allows the same names.", e);
        }
    }

    private static Path resolveChecked(Path root, String id, String normalized) {
        if (normalized.isEmpty()) {
            return root;
        }
        if (isOutside(normalized)) {
            String s = normalized;
            boolean windows = root.getFileSystem().getSeparator().equals("\\");
            if (windows && s.length() >= 3 && s.charAt(2) == ':') {
                s = s.substring(1);
            }
            return root.getFileSystem().getPath(s).normalize();
        }
        Path p = root;
        for (String part : normalized.split("/")) {
            Path name = root.getFileSystem().getPath(part);
            if (name.getNameCount() != 1 || name.getRoot() != null) {
                throw new IllegalArgumentException("SKPath id '" + id + "' names no path under root " + root + ": it decodes"
                        + " to '" + normalized + "', whose name '" + part + "' is not a single file name on this file system"
                        + " (it holds a separator, a drive or a root), so it could lead out of the root. Send ids made on a"
                        + " file system that allows the same names; for a path that really goes elsewhere, send its"
                        + " relative() form to SKPath.onRoot.");
            }
            p = p.resolve(name);
        }
        return p;
    }

    /**
     * Encodes a normalized form as a compact id, decodable by {@link #decodeId}, that is safe as a
     * file name on case-insensitive file systems too: it holds only {@code a-z 0-9 - . ~ _ !}
     * (ASCII, so one byte per character) and never starts or ends with {@code .}. It is a valid file
     * name on every common file system as long as it is at most 255 characters long and not a
     * Windows device name ({@code con}, {@code nul}, {@code aux}, {@code prn}, {@code com1}-{@code 9},
     * {@code lpt1}-{@code 9}, also with an extension, such as {@code con.txt}). The id is not
     * shortened: a long path, or one with many upper-case letters (two characters each) or
     * non-ASCII characters (three per UTF-8 byte), has a longer id; hash or shorten such ids before
     * using them as file names.
     *
     * <p>Lower-case ASCII letters, digits, {@code -} and inner {@code .} stay as they are;
     * {@code /} becomes {@code ~}; an upper-case letter {@code X} becomes {@code _x}; every other
     * byte of the UTF-8 form becomes {@code !} followed by two lower-case hex digits. The empty form
     * (the root itself) is {@code !}.
     *
     * @param normalized a normalized form
     * @return the id
     */
    public static String encodeId(String normalized) {
        if (normalized.isEmpty()) {
            return "!";
        }
        byte[] bytes = normalized.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean edge = i == 0 || i == bytes.length - 1;
            if (b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '.' && !edge) {
                sb.append((char) b);
            } else if (b == '/') {
                sb.append('~');
            } else if (b >= 'A' && b <= 'Z') {
                sb.append('_').append((char) (b + ('a' - 'A')));
            } else {
                sb.append('!').append(HEX[b >>> 4]).append(HEX[b & 0xf]);
            }
        }
        return sb.toString();
    }

    /**
     * Decodes an id made by {@link #encodeId}. The decoded form must be one that
     * {@link #normalize} makes: an id whose form holds a {@code .} or {@code ..} name, or an empty
     * name in a root-relative form, is rejected, so that a decoded id never climbs out of its root.
     *
     * @param id the id
     * @return the normalized form
     * @throws IllegalArgumentException if the text is not a valid id (also if its bytes are not
     *         valid UTF-8, which {@link #encodeId} never makes); the message names the id
     */
    public static String decodeId(String id) {
        if (id.equals("!")) {
            return "";
        }
        if (id.isEmpty()) {
            throw new IllegalArgumentException("An SKPath id is never empty (the root itself is '!').");
        }
        byte[] out = new byte[id.length()];
        int n = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
                out[n++] = (byte) c;
            } else if (c == '~') {
                out[n++] = '/';
            } else if (c == '_' && i + 1 < id.length() && id.charAt(i + 1) >= 'a' && id.charAt(i + 1) <= 'z') {
                out[n++] = (byte) (id.charAt(++i) - ('a' - 'A'));
            } else if (c == '!' && i + 2 < id.length() && hex(id.charAt(i + 1)) >= 0 && hex(id.charAt(i + 2)) >= 0) {
                out[n++] = (byte) (hex(id.charAt(i + 1)) << 4 | hex(id.charAt(i + 2)));
                i += 2;
            } else {
                throw new IllegalArgumentException("'" + id + "' is not an SKPath id: unexpected '" + c + "' at index " + i
                        + " (ids use a-z, 0-9, '-', '.', '~', '_x' and '!hh').");
            }
        }
        String form;
        try {
            form = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("'" + id + "' is not an SKPath id: its '!hh' bytes are not valid UTF-8 ("
                    + e + "), and SKPath.id() encodes the UTF-8 bytes of a name. Send the id SKPath.id() made.", e);
        }
        checkNames(id, form);
        return form;
    }

    /** Rejects a decoded form that no normalized path has: {@code .}, {@code ..}, or empty inner names. */
    private static void checkNames(String id, String form) {
        boolean outside = isOutside(form);
        String[] names = (outside ? form.substring(1) : form).split("/", -1);
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            if (name.equals(".") || name.equals("..") || name.isEmpty() && !outside) {
                throw new IllegalArgumentException("'" + id + "' is not an SKPath id: it decodes to '" + form + "', whose name "
                        + (i + 1) + " is " + (name.isEmpty() ? "empty" : "'" + name + "'") + ", and SKPath.id() never makes"
                        + " empty, '.' or '..' names (an id must not lead out of its root). Send the id SKPath.id() made;"
                        + " for a path that really goes up, send its relative() form to SKPath.onRoot, which resolves '..'.");
            }
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
