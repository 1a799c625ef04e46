package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.io.File;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/** Small serializers for JDK value types, using public API only. */
final class Values {

    private Values() {
    }

    /** A value written as one string and rebuilt from it. */
    static final class TextSerializer<T> extends Serializer<T> {
        private final Function<T, String> toText;
        private final Function<String, T> fromText;

        TextSerializer(Function<T, String> toText, Function<String, T> fromText) {
            super(false, true);
            this.toText = toText;
            this.fromText = fromText;
        }

        @Override
        public void write(Kryo kryo, Output output, T value) {
            output.writeString(toText.apply(value));
        }

        @Override
        public T read(Kryo kryo, Input input, Class<? extends T> type) {
            String text = input.readString();
            if (text == null) {
                throw new KryoException("Missing text of a " + type.getName());
            }
            return fromText.apply(text);
        }
    }

    static Serializer<Path> path() {
        return new TextSerializer<>(p -> {
            if (p.getFileSystem() != FileSystems.getDefault()) {
                throw new dev.suitkaise.cereal.SKCerealException("Path " + p + " belongs to a non-default file system ("
                        + p.getFileSystem() + "), which another process cannot open; carry it as a String or URI.");
            }
            return p.toString();
        }, Path::of);
    }

    static Serializer<File> file() {
        return new TextSerializer<>(File::getPath, File::new);
    }

    static Serializer<URI> uri() {
        return new TextSerializer<>(URI::toString, URI::create);
    }

    /** {@code new Object()}: no state. */
    static final class PlainObjectSerializer extends Serializer<Object> {
        @Override
        public void write(Kryo kryo, Output output, Object value) {
            // nothing to write
        }

        @Override
        public Object read(Kryo kryo, Input input, Class<?> type) {
            return new Object();
        }
    }

    static final class AtomicIntegerArraySerializer extends Serializer<AtomicIntegerArray> {
        @Override
        public void write(Kryo kryo, Output output, AtomicIntegerArray a) {
            int n = a.length();
            output.writeVarInt(n, true);
            for (int i = 0; i < n; i++) {
                output.writeInt(a.get(i));
            }
        }

        @Override
        public AtomicIntegerArray read(Kryo kryo, Input input, Class<? extends AtomicIntegerArray> type) {
            int n = Containers.readCount(input, "atomic int array");
            AtomicIntegerArray a = new AtomicIntegerArray(n);
            for (int i = 0; i < n; i++) {
                a.set(i, input.readInt());
            }
            return a;
        }
    }

    static final class AtomicLongArraySerializer extends Serializer<AtomicLongArray> {
        @Override
        public void write(Kryo kryo, Output output, AtomicLongArray a) {
            int n = a.length();
            output.writeVarInt(n, true);
            for (int i = 0; i < n; i++) {
                output.writeLong(a.get(i));
            }
        }

        @Override
        public AtomicLongArray read(Kryo kryo, Input input, Class<? extends AtomicLongArray> type) {
            int n = Containers.readCount(input, "atomic long array");
            AtomicLongArray a = new AtomicLongArray(n);
            for (int i = 0; i < n; i++) {
                a.set(i, input.readLong());
            }
            return a;
        }
    }

    static final class AtomicReferenceArraySerializer extends Serializer<AtomicReferenceArray<Object>> {
        @Override
        public void write(Kryo kryo, Output output, AtomicReferenceArray<Object> a) {
            int n = a.length();
            output.writeVarInt(n, true);
            for (int i = 0; i < n; i++) {
                kryo.writeClassAndObject(output, a.get(i));
            }
        }

        @Override
        public AtomicReferenceArray<Object> read(Kryo kryo, Input input, Class<? extends AtomicReferenceArray<Object>> type) {
            ReadWork work = Containers.work(kryo);
            long start = work.mark();
            int n = Containers.readCount(input, "atomic reference array");
            AtomicReferenceArray<Object> a = new AtomicReferenceArray<>(Containers.reserve(input, n,
                    "an AtomicReferenceArray"));
            kryo.reference(a);
            for (int i = 0; i < n; i++) {
                a.set(i, kryo.readClassAndObject(input));
            }
            work.cut(start); // its hash code is its identity
            return a;
        }
    }
}
