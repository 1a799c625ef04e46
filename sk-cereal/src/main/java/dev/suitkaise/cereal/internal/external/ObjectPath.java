package dev.suitkaise.cereal.internal.external;

import java.util.Arrays;

/**
 * The object path of the value being written or read, such as {@code root.orders[2].lines},
 * kept as a cheap stack and rendered only for error messages.
 */
final class ObjectPath {
    private static final byte FIELD = 0;
    private static final byte INDEX = 1;
    private static final byte KEY = 2;
    private static final int MAX_KEY_CHARS = 40;

    private byte[] kinds = new byte[16];
    private Object[] keys = new Object[16];
    private int[] indexes = new int[16];
    private int size;

    void pushField(String name) {
        push(FIELD, name, 0);
    }

    void pushIndex(int index) {
        push(INDEX, null, index);
    }

    void pushKey(Object key) {
        push(KEY, key, 0);
    }

    void setIndex(int index) {
        indexes[size - 1] = index;
    }

    void pop() {
        size--;
        keys[size] = null;
    }

    private void push(byte kind, Object key, int index) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            keys = Arrays.copyOf(keys, capacity);
            indexes = Arrays.copyOf(indexes, capacity);
        }
        kinds[size] = kind;
        keys[size] = key;
        indexes[size] = index;
        size++;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("root");
        for (int i = 0; i < size; i++) {
            switch (kinds[i]) {
                case FIELD -> out.append('.').append(keys[i]);
                case INDEX -> out.append('[').append(indexes[i]).append(']');
                default -> {
                    Object key = keys[i];
                    String text = String.valueOf(key);
                    if (text.length() > MAX_KEY_CHARS) {
                        text = text.substring(0, MAX_KEY_CHARS) + "...";
                    }
                    if (key instanceof String) {
                        out.append("[\"").append(text).append("\"]");
                    } else {
                        out.append('[').append(text).append(']');
                    }
                }
            }
        }
        return out.toString();
    }
}
