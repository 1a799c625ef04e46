package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A byte-array {@link Input} that refuses any declared length larger than the bytes left, so a
 * hostile length can never make the decoder allocate more than the input justifies. Every element
 * of a string or array takes at least one byte, so the remaining byte count bounds every length.
 *
 * <p>That bound holds for one length at a time. Containers that are allocated at their declared
 * size before their elements are read (object arrays, the element lists of immutable collections,
 * a queue's capacity) nest, and each could declare the bytes left while all of them are alive at
 * once; so they also draw on an <b>allowance</b> per message, {@link #reserve}: one slot per byte
 * of the message (every element of every such container takes at least one byte of its own, so a
 * real message never needs more) plus {@value #CAPACITY_ALLOWANCE} slots for capacities, which are
 * numbers rather than data ({@code ArrayBlockingQueue} capacities and a {@code ForkJoinPool}'s
 * work-queue table). A message that asks for more fails before allocating it.
 */
public final class BoundedInput extends Input {

    /** The slots every message may pre-allocate beyond one per byte of its length, for capacities. */
    public static final int CAPACITY_ALLOWANCE = 1 << 22;

    private long allowance = CAPACITY_ALLOWANCE;
    private int messageLength;

    /** Creates an input without a buffer; set one with {@link #setBuffer(byte[])}. */
    public BoundedInput() {
        super();
    }

    /**
     * Sets the message to read and renews the allowance for it (see {@link #reserve}).
     *
     * @param bytes the buffer
     * @param offset where the message starts
     * @param count the message's length
     */
    @Override
    public void setBuffer(byte[] bytes, int offset, int count) {
        super.setBuffer(bytes, offset, count);
        messageLength = count;
        allowance = CAPACITY_ALLOWANCE + (long) count;
    }

    /**
     * Draws slots that are allocated before the data that fills them is read from the message's
     * allowance.
     *
     * @param slots the number of array slots (or queue capacity) about to be allocated
     * @param what what is being allocated, for the message
     * @throws KryoException if the message's allowance does not cover them
     */
    public void reserve(long slots, String what) {
        allowance -= slots;
        if (slots < 0 || allowance < 0) {
            throw new KryoException("The input asks to pre-allocate " + slots + " slots for " + what + ", more than the"
                    + " rest of the allowance of a message of " + messageLength + " bytes (one slot per byte plus "
                    + CAPACITY_ALLOWANCE + " for capacities, for all its arrays, immutable collections and queue"
                    + " capacities together): it is corrupted or hostile. Carry smaller queue capacities or pool"
                    + " sizes, or fewer of them in one message.");
        }
    }

    /**
     * The number of bytes not yet read.
     *
     * @return limit minus position
     */
    public int remaining() {
        return limit - position;
    }

    /**
     * Checks that a declared element count fits in the remaining input.
     *
     * @param length the declared count
     * @param what what is being read, for the message
     * @throws KryoException if the count is negative or larger than the remaining bytes
     */
    public void checkLength(long length, String what) {
        if (length < 0 || length > remaining()) {
            throw new KryoException("Declared " + what + " length " + length + " exceeds the " + remaining()
                    + " bytes left in the input: the input is truncated or corrupted");
        }
    }

    private void checkStringHeader() {
        int p = position;
        if (p >= limit) {
            return; // super reports the underflow
        }
        int b = buffer[p++];
        if ((b & 0x80) == 0) {
            return; // ASCII: terminated in-band, bounded by the data itself
        }
        long result = b & 0x3F;
        if ((b & 0x40) != 0) {
            int shift = 6;
            for (int i = 0; i < 4; i++) {
                if (p >= limit) {
                    return; // super reports the underflow
                }
                b = buffer[p++];
                result |= (long) (b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
        }
        long chars = result - 1;
        if (chars > 0 && chars > limit - p) {
            throw new KryoException("Declared string length " + chars + " exceeds the " + (limit - p)
                    + " bytes left in the input: the input is truncated or corrupted");
        }
        if ((int) result != result) {
            throw new KryoException("Declared string length " + result + " is out of range: the input is corrupted");
        }
    }

    @Override
    public String readString() {
        checkStringHeader();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        checkStringHeader();
        return super.readStringBuilder();
    }

    @Override
    public byte[] readBytes(int length) {
        checkLength(length, "byte array");
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) {
        checkLength(length, "int array");
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        checkLength(length, "int array");
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        checkLength(length, "long array");
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        checkLength(length, "long array");
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        checkLength(length, "float array");
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) {
        checkLength(length, "double array");
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) {
        checkLength(length, "short array");
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) {
        checkLength(length, "char array");
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) {
        checkLength(length, "boolean array");
        return super.readBooleans(length);
    }
}
