package dev.suitkaise.cereal.internal.external;

import java.util.Arrays;

/**
 * Writes the protobuf wire format into one growing array. A length-delimited field is opened
 * with {@link #begin(int)}, which reserves one length byte, and closed with {@link #end(int)},
 * which patches the length in and, for a body of 128 bytes or more, moves the body to make room
 * for a longer length. No sizes are computed ahead and no nested buffers are allocated.
 */
final class WireWriter {
    /** The largest array the JVM reliably allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private byte[] buf;
    private int pos;
    /** Whether an encode on the owning thread is using this writer (a nested encode then takes another). */
    boolean busy;
    /** Once more than this many bytes are written, the buffer no longer grows. */
    private int limit = MAX_ARRAY;

    WireWriter(int capacity) {
        buf = new byte[capacity];
    }

    int position() {
        return pos;
    }

    int capacity() {
        return buf.length;
    }

    /** Starts a new document that may take up to {@code maxBytes} bytes. */
    void reset(int maxBytes) {
        pos = 0;
        limit = maxBytes;
    }

    byte[] buffer() {
        return buf;
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            grow(n);
        }
    }

    private void grow(int n) {
        long needed = (long) pos + n;
        if (needed > MAX_ARRAY || pos > limit) {
            throw new TooLargeException();
        }
        long capacity = Math.max(needed, (long) buf.length * 2);
        buf = Arrays.copyOf(buf, (int) Math.min(capacity, MAX_ARRAY));
    }

    void varint32(int value) {
        ensure(5);
        while ((value & ~0x7F) != 0) {
            buf[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
    }

    void varint64(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
    }

    void fixed64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (value >>> (8 * i));
        }
    }

    void tag(int field, int wireType) {
        varint32(Wire.tag(field, wireType));
    }

    void fieldVarint(int field, long value) {
        tag(field, Wire.VARINT);
        varint64(value);
    }

    void fieldSint64(int field, long value) {
        tag(field, Wire.VARINT);
        varint64((value << 1) ^ (value >> 63));
    }

    void fieldSint32(int field, int value) {
        tag(field, Wire.VARINT);
        varint32((value << 1) ^ (value >> 31));
    }

    void fieldDouble(int field, double value) {
        tag(field, Wire.FIXED64);
        fixed64(Double.doubleToRawLongBits(value));
    }

    void fieldBytes(int field, byte[] value) {
        tag(field, Wire.LEN);
        varint32(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buf, pos, value.length);
        pos += value.length;
    }

    /** Writes bytes already in wire format. */
    void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** The bytes written so far, as a new array. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    void fieldString(int field, String value) {
        int mark = begin(field);
        utf8(value);
        end(mark);
    }

    /** Reserves room for {@code size} bytes and returns where they start; the caller fills them. */
    int reserve(int size) {
        ensure(size);
        int start = pos;
        pos += size;
        return start;
    }

    /** Opens a length-delimited field; returns the mark to pass to {@link #end(int)}. */
    int begin(int field) {
        tag(field, Wire.LEN);
        ensure(1);
        return pos++;
    }

    /** Closes the length-delimited field opened at {@code mark}. */
    void end(int mark) {
        int length = pos - mark - 1;
        if (length < 0x80) {
            buf[mark] = (byte) length;
            return;
        }
        int lengthSize = varintSize(length);
        ensure(lengthSize - 1);
        System.arraycopy(buf, mark + 1, buf, mark + lengthSize, length);
        pos += lengthSize - 1;
        int at = mark;
        int value = length;
        while ((value & ~0x7F) != 0) {
            buf[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[at] = (byte) value;
    }

    static int varintSize(int value) {
        if ((value & (~0 << 7)) == 0) {
            return 1;
        }
        if ((value & (~0 << 14)) == 0) {
            return 2;
        }
        if ((value & (~0 << 21)) == 0) {
            return 3;
        }
        if ((value & (~0 << 28)) == 0) {
            return 4;
        }
        return 5;
    }

    /** Writes a string as UTF-8; unpaired surrogates become '?', as String.getBytes does. */
    private void utf8(String s) {
        int n = s.length();
        ensure(n);
        int i = 0;
        byte[] b = buf;
        int p = pos;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                break;
            }
            b[p++] = (byte) c;
        }
        pos = p;
        if (i < n) {
            utf8Slow(s, i);
        }
    }

    private void utf8Slow(String s, int from) {
        int n = s.length();
        long worst = (long) (n - from) * 3;
        if (worst > MAX_ARRAY) {
            throw new TooLargeException();
        }
        ensure((int) worst);
        byte[] b = buf;
        int p = pos;
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[p++] = (byte) '?';
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        pos = p;
    }

    /** Thrown when the output would exceed its limit or not fit in one array. */
    static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super("output larger than its limit", null, false, false);
        }
    }
}
