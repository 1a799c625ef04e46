package dev.suitkaise.cereal.internal.external;

/** Field numbers and wire types of {@code suitkaise/cereal/v1/value.proto}. */
final class Wire {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int FIXED32 = 5;

    // Document
    static final int DOC_TYPES = 1;
    static final int DOC_ROOT = 2;
    static final int DOC_SCHEMA = 3;
    // Schema
    static final int SCHEMA_ID = 1;
    static final int SCHEMA_TYPES = 2;
    // TypeInfo
    static final int TYPE_NAME = 1;
    static final int TYPE_MEMBERS = 2;
    // Value kinds
    static final int V_NULL = 1;
    static final int V_BOOL = 2;
    static final int V_INT64 = 3;
    static final int V_UINT64 = 4;
    static final int V_DOUBLE = 5;
    static final int V_STRING = 6;
    static final int V_BYTES = 7;
    static final int V_TIMESTAMP = 8;
    static final int V_DURATION = 9;
    static final int V_DECIMAL = 10;
    static final int V_LIST = 11;
    static final int V_STRING_MAP = 12;
    static final int V_VALUE_MAP = 13;
    static final int V_ENUM = 14;
    static final int V_OBJECT = 15;
    static final int V_INT64_LIST = 16;
    static final int V_DOUBLE_LIST = 17;
    static final int V_REF = 18;
    static final int V_MESSAGE = 19;
    static final int V_LAST = 19;
    // Timestamp and Duration
    static final int TIME_SECONDS = 1;
    static final int TIME_NANOS = 2;
    // Decimal
    static final int DEC_UNSCALED = 1;
    static final int DEC_SCALE = 2;
    // List, Int64List, DoubleList, StringMap, ValueMap
    static final int ITEMS = 1;
    // StringEntry, ValueEntry
    static final int ENTRY_KEY = 1;
    static final int ENTRY_VALUE = 2;
    // EnumValue, ObjectValue
    static final int OBJ_TYPE = 1;
    static final int ENUM_CONSTANT = 2;
    static final int OBJ_FIELDS = 2;
    // google.protobuf.Any
    static final int ANY_TYPE_URL = 1;
    static final int ANY_VALUE = 2;

    static final String TYPE_URL_PREFIX = "type.googleapis.com/";

    private static final String[] KIND_NAMES = {
        "(none)", "null_value", "bool_value", "int64_value", "uint64_value", "double_value",
        "string_value", "bytes_value", "timestamp_value", "duration_value", "decimal_value",
        "list_value", "string_map", "value_map", "enum_value", "object_value", "int64_list",
        "double_list", "ref", "message",
    };

    private Wire() {
    }

    static String kindName(int kind) {
        return kind >= 0 && kind < KIND_NAMES.length ? KIND_NAMES[kind] : "field " + kind;
    }

    static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }
}
