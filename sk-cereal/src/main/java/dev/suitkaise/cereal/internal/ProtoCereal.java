package dev.suitkaise.cereal.internal;

import dev.suitkaise.cereal.ExternalCereal;
import dev.suitkaise.cereal.ExternalSchema;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.cereal.internal.external.SchemaTable;
import dev.suitkaise.cereal.internal.external.ValueDecoder;
import dev.suitkaise.cereal.internal.external.ValueEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * The external codec's implementation: writes and reads {@code suitkaise/cereal/v1/value.proto}
 * documents with the encoder and decoder of {@code dev.suitkaise.cereal.internal.external}.
 */
public final class ProtoCereal implements ExternalCereal {
    private static final ProtoCereal INSTANCE = new ProtoCereal(Limits.defaults(), null, null);

    private final Limits limits;
    /** The registered schema, or null. */
    private final ExternalSchema schema;
    /** Its internal form, or null. */
    private final SchemaTable table;

    private ProtoCereal(Limits limits, ExternalSchema schema, SchemaTable table) {
        this.limits = limits;
        this.schema = schema;
        this.table = table;
    }

    /**
     * The process-wide instance, with the default limits.
     *
     * @return the instance
     */
    public static ProtoCereal instance() {
        return INSTANCE;
    }

    @Override
    public byte[] serialize(Object value) {
        return ValueEncoder.encode(value, limits, table);
    }

    @Override
    public void serialize(Object value, OutputStream out) {
        Objects.requireNonNull(out, "out");
        try {
            out.write(ValueEncoder.encode(value, limits, table));
        } catch (IOException e) {
            throw new SKCerealException("Cannot write the document for " + (value == null ? "null" : "a "
                    + value.getClass().getName()) + " to the stream: " + e + "; check that the stream is open and"
                    + " its destination accepts data.", e);
        }
    }

    @Override
    public <T> T deserialize(InputStream in, Class<T> type) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(type, "type");
        byte[] bytes;
        try {
            bytes = in.readNBytes(limits.maxBytes());
            if (bytes.length == limits.maxBytes() && in.read() != -1) {
                throw new SKCerealException("Cannot deserialize the stream: it holds more than maxBytes="
                        + limits.maxBytes() + " bytes; raise ExternalCereal.Limits.maxBytes if the data is"
                        + " trusted, or check that the stream holds a single document.");
            }
        } catch (IOException e) {
            throw new SKCerealException("Cannot read a document from the stream: " + e
                    + "; check that the stream is open and complete.", e);
        }
        return ValueDecoder.decode(bytes, type, limits, table);
    }

    @Override
    public <T> T deserialize(byte[] bytes, Class<T> type) {
        Objects.requireNonNull(type, "type");
        return ValueDecoder.decode(requireBytes(bytes), type, limits, table);
    }

    @Override
    public Object deserialize(byte[] bytes) {
        return ValueDecoder.decode(requireBytes(bytes), Object.class, limits, table);
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public ExternalCereal withLimits(Limits newLimits) {
        Objects.requireNonNull(newLimits, "limits");
        return newLimits.equals(limits) ? this : new ProtoCereal(newLimits, schema, table);
    }

    @Override
    public Optional<ExternalSchema> schema() {
        return Optional.ofNullable(schema);
    }

    @Override
    public ExternalCereal withSchema(ExternalSchema newSchema) {
        if (Objects.equals(newSchema, schema)) {
            return this;
        }
        return new ProtoCereal(limits, newSchema, newSchema == null ? null : SchemaTable.of(newSchema.types()));
    }

    private static byte[] requireBytes(byte[] bytes) {
        if (bytes == null) {
            throw new SKCerealException("Cannot deserialize null: the external codec needs the bytes of "
                    + "a suitkaise.cereal.v1.Document; pass the array serialize(...) returned.");
        }
        return bytes;
    }
}
