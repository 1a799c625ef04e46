package dev.suitkaise.root.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads the {@code SourceFile} attribute of a class file.
 *
 * <p>Stateless and thread-safe; blocks on reading the class's bytes.
 */
public final class ClassFiles {

    private ClassFiles() {
    }

    /**
     * The {@code SourceFile} attribute of a loaded class, read from its class file.
     *
     * @param type a class
     * @return the source file name ({@code Foo.java}), or empty if the class file cannot be read
     *         or has no such attribute
     */
    public static Optional<String> sourceFileOf(Class<?> type) {
        String name = type.getName();
        String resource = name.substring(name.lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return sourceFile(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The {@code SourceFile} attribute of a class file.
     *
     * @param classFile the bytes of a class file
     * @return the source file name, or empty if absent or the bytes are not a class file
     */
    public static Optional<String> sourceFile(byte[] classFile) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                return Optional.empty();
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 3, 4 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 15 -> in.skipNBytes(3);
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            in.skipNBytes(6);
            int interfaces = in.readUnsignedShort();
            in.skipNBytes(2L * interfaces);
            for (int group = 0; group < 2; group++) {
                int members = in.readUnsignedShort();
                for (int m = 0; m < members; m++) {
                    in.skipNBytes(6);
                    skipAttributes(in);
                }
            }
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attrName = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if ("SourceFile".equals(attrName) && length == 2) {
                    String value = utf8[in.readUnsignedShort()];
                    return Optional.ofNullable(value);
                }
                in.skipNBytes(length & 0xffffffffL);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            in.skipNBytes(2);
            in.skipNBytes(in.readInt() & 0xffffffffL);
        }
    }
}
