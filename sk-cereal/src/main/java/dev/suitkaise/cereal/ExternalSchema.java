package dev.suitkaise.cereal;

import dev.suitkaise.cereal.internal.external.SchemaTable;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A registered schema for the external codec: an ordered list of types (records, classes carried
 * by their fields, enums) that the writer and the reader of a document agree on in advance, so
 * that documents name these types by number instead of carrying their type name and field (or
 * constant) names. Use it for size-critical data: a small record graph shrinks to roughly its
 * values, close to what code generated from a dedicated {@code .proto} writes.
 *
 * <pre>{@code
 * ExternalSchema schema = ExternalSchema.of(Order.class, Line.class, Status.class);
 * ExternalCereal cereal = SKCereal.external().withSchema(schema);
 * byte[] bytes = cereal.serialize(order);            // compact document
 * Order copy = cereal.deserialize(bytes, Order.class);
 * byte[] forOtherLanguages = schema.toBytes();       // a suitkaise.cereal.v1.Schema message
 * }</pre>
 *
 * <p><b>Wire form.</b> A document written against a schema is still a
 * {@code suitkaise.cereal.v1.Document} of the published {@code value.proto}: it sets
 * {@code Document.schema} to the schema's {@link #id()}, and a type index {@code i} below the
 * number of registered types {@code n} means the schema's type {@code i}; types the schema does
 * not list are written in the document's own type table as usual and numbered from {@code n}.
 * Members of each registered type are, as in a self-describing document, the record components
 * or non-static non-transient fields (superclass fields first) or the enum constants, in the
 * order the codec writes them.
 *
 * <p><b>Agreement.</b> Both sides must register the same types, with the same members, in the
 * same order. The id is a digest of exactly that (every type's name and member names), so a
 * reader whose schema differs in any of them, or that has no schema, refuses such a document with
 * an {@link SKCerealException} naming both ids, rather than misreading it. The digest covers names,
 * not member types: a member whose type changes keeps the id, and the reader then fails on the value
 * (or widens a number). The fields of a plain class are taken in the order the JVM reports them,
 * which is declaration order on HotSpot-based JDKs; a JVM that reported another order would compute
 * another id and refuse the documents, never misread them. A codec with a schema
 * still reads self-describing documents. Another language reads compact documents with the code
 * protoc generates from {@code value.proto}: it loads the writer's {@code Schema} message
 * ({@link #toBytes()}, for example shipped beside the data or published once), checks that
 * {@code Document.schema} equals {@code Schema.id} and resolves type index {@code i} to
 * {@code Schema.types[i]} (or {@code Document.types[i - n]}).
 *
 * <p>Immutable and thread-safe; equal when the same types are registered in the same order.
 */
public final class ExternalSchema {

    private final SchemaTable table;

    private ExternalSchema(SchemaTable table) {
        this.table = table;
    }

    /**
     * A schema of the given types, in the given order.
     *
     * @param types records, concrete classes carried by their fields, and enums; each at most once
     * @return the schema
     * @throws IllegalArgumentException if a type is listed twice, or is not written as a typed
     *     object or an enum by the external codec (such as an interface, a collection or a
     *     {@code String}), or has two fields of the same name
     * @throws NullPointerException if {@code types} or one of them is null
     */
    public static ExternalSchema of(Class<?>... types) {
        Objects.requireNonNull(types, "types");
        return of(Arrays.asList(types));
    }

    /**
     * A schema of the given types, in the list's order.
     *
     * @param types records, concrete classes carried by their fields, and enums; each at most once
     * @return the schema
     * @throws IllegalArgumentException as {@link #of(Class[])} does
     * @throws NullPointerException if {@code types} or one of them is null
     */
    public static ExternalSchema of(List<Class<?>> types) {
        Objects.requireNonNull(types, "types");
        for (Class<?> type : types) {
            Objects.requireNonNull(type, "a type of the schema is null");
        }
        return new ExternalSchema(SchemaTable.of(types));
    }

    /**
     * The registered types, in order.
     *
     * @return an immutable list
     */
    public List<Class<?>> types() {
        return table.types();
    }

    /**
     * The schema's id: a digest of its types' names and member names in order, never 0. Documents
     * written against this schema carry it in {@code Document.schema}.
     *
     * @return the id
     */
    public long id() {
        return table.id();
    }

    /**
     * The schema as a {@code suitkaise.cereal.v1.Schema} message of {@code value.proto}: its id
     * and one {@code TypeInfo} (name and member names) per registered type, in order. A reader in
     * another language parses it with generated code to resolve the type numbers of compact
     * documents.
     *
     * @return a new array holding the message's bytes
     */
    public byte[] toBytes() {
        return table.message();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExternalSchema other && other.table.types().equals(table.types());
    }

    @Override
    public int hashCode() {
        return table.types().hashCode();
    }

    @Override
    public String toString() {
        return "ExternalSchema[id=" + SchemaTable.hex(table.id()) + ", types="
                + table.types().stream().map(Class::getName).toList() + "]";
    }
}
