"""Cross-language check of suitkaise/cereal/v1/value.proto (run by ExternalCrossLanguageTest).

Usage: python3 cross_language.py GENERATED_DIR WORK_DIR

GENERATED_DIR holds the code protoc --python_out generated from value.proto. WORK_DIR holds
java_*.bin files written by the Java codec; this script decodes and checks them, then writes
python_*.bin files for the Java side to read. Exit status 0 means every check passed.
"""

import decimal
import hashlib
import os
import sys

sys.path.insert(0, sys.argv[1])
WORK = sys.argv[2]

from suitkaise.cereal.v1 import value_pb2 as pb  # noqa: E402  (path set above)

COMPOSITES = {"list_value", "string_map", "value_map", "object_value", "int64_list", "double_list"}
IN_PROGRESS = object()
failures = []


class Reader:
    """Turns a Document into Python values, following the rules written in value.proto."""

    def __init__(self, document, schema=None):
        # value.proto, "Registered schemas": with Document.schema set, type index i < n names
        # Schema.types[i] and i >= n names Document.types[i - n].
        if document.schema != 0:
            if schema is None or schema.id != document.schema:
                raise ValueError("the document was written against schema %#x, which this reader lacks"
                                 % document.schema)
            self.types = list(schema.types) + list(document.types)
        else:
            self.types = list(document.types)
        self.table = []  # composites numbered in depth-first pre-order
        self.root = self.value(document.root)

    def value(self, v):
        kind = v.WhichOneof("kind")
        if kind is None:
            raise ValueError("a Value without kind")
        if kind == "ref":
            shared = self.table[v.ref]
            if shared is IN_PROGRESS:
                raise ValueError("a ref into its own container")
            return shared
        if kind in COMPOSITES:
            number = len(self.table)
            self.table.append(IN_PROGRESS)
            result = self.composite(kind, getattr(v, kind))
            self.table[number] = result
            return result
        if kind == "null_value":
            return None
        if kind == "timestamp_value":
            return ("ts", v.timestamp_value.seconds, v.timestamp_value.nanos)
        if kind == "duration_value":
            return ("dur", v.duration_value.seconds, v.duration_value.nanos)
        if kind == "decimal_value":
            unscaled = int.from_bytes(v.decimal_value.unscaled, "big", signed=True)
            return decimal.Decimal("%dE%d" % (unscaled, -v.decimal_value.scale))  # exact, no rounding
        if kind == "enum_value":
            t = self.types[v.enum_value.type]
            return ("enum", t.name, t.members[v.enum_value.constant])
        if kind == "message":
            return ("any", v.message.type_url, v.message.value)
        return getattr(v, kind)

    def composite(self, kind, c):
        if kind == "list_value":
            return [self.value(item) for item in c.items]
        if kind in ("int64_list", "double_list"):
            return list(c.items)
        if kind == "string_map":
            return {entry.key: self.value(entry.value) for entry in c.entries}
        if kind == "value_map":
            result = {}
            for entry in c.entries:
                key = self.value(entry.key)
                result[key] = self.value(entry.value)
            return result
        t = self.types[c.type]
        fields = [self.value(f) for f in c.fields]
        return ("obj", t.name, dict(zip(t.members, fields)))


def read(name, schema=None):
    with open(os.path.join(WORK, name), "rb") as f:
        document = pb.Document()
        document.ParseFromString(f.read())
        return Reader(document, schema).root


def read_schema(name):
    with open(os.path.join(WORK, name), "rb") as f:
        schema = pb.Schema()
        schema.ParseFromString(f.read())
        return schema


def schema_id(schema):
    """The id value.proto defines: SHA-256 of the Schema without its id, first 8 bytes little-endian."""
    digest = hashlib.sha256(pb.Schema(types=schema.types).SerializeToString()).digest()
    return int.from_bytes(digest[:8], "little") or 1


def check(what, actual, expected):
    if actual != expected:
        failures.append("%s: expected %r but got %r" % (what, expected, actual))


def check_java_files():
    person = read("java_person.bin")
    check("person kind", person[0], "obj")
    check("person type", person[1].endswith("$Person"), True)
    fields = person[2]
    check("person fields", (fields["name"], fields["age"], fields["tags"]), ("Ann", 41, ["boss", "dev"]))
    check("person mood", (fields["mood"][0], fields["mood"][1].endswith("$Mood"), fields["mood"][2]),
          ("enum", True, "ANGRY"))

    values = read("java_values.bin")
    expected = {
        "null": None,
        "flag": True,
        "negative": -5,
        "big": 2 ** 63 - 1,
        "real": 2.5,
        "text": "h\u00e9llo \u2713 \U0001F600",
        "bytes": b"\x00\xff",
        "when": ("ts", 1_700_000_000, 123),
        "took": ("dur", -2, -999_999_999),
        "price": decimal.Decimal("-12.345"),
        "huge": decimal.Decimal(123456789012345678901234567890),
        "longs": [1, -2, 3],
        "doubles": [0.5, -1.5],
        "byNumber": {7: "seven"},
        "day": "2026-11-25",
    }
    for key, value in expected.items():
        check("values[%s]" % key, values.get(key, "<missing>"), value)
    check("values keys in Java's order", list(values)[:len(expected)], list(expected))
    mood = values["mood"]
    check("values[mood]", (mood[0], mood[2]), ("enum", "CALM"))
    stamp = values["stamp"]
    check("values[stamp] type", stamp[:2], ("any", "type.googleapis.com/google.protobuf.Timestamp"))
    from google.protobuf import timestamp_pb2
    unpacked = timestamp_pb2.Timestamp()
    unpacked.ParseFromString(stamp[2])
    check("values[stamp] message", unpacked.seconds, 7)

    schema = read_schema("java_schema.bin")
    check("schema id is the digest value.proto describes", schema.id, schema_id(schema))
    check("schema types", [t.name.split("$")[-1] for t in schema.types], ["Person", "Mood"])
    compact = read("java_compact.bin", schema)
    check("compact person", compact[0][0:1] + (compact[0][1].endswith("$Person"),), ("obj", True))
    check("compact person fields", (compact[0][2]["name"], compact[0][2]["age"], compact[0][2]["tags"],
                                    compact[0][2]["mood"][2]), ("Cy", 5, ["a"], "CALM"))
    check("compact tag (a type outside the schema)", (compact[1][1].endswith("$Tag"), compact[1][2]),
          (True, {"label": "t"}))
    try:
        read("java_compact.bin")
        failures.append("a compact document was read without its schema")
    except ValueError:
        pass

    shared = read("java_shared.bin")
    check("shared objects stay shared", shared[0] is shared[1] and shared[2][0] is shared[0], True)
    check("shared person", shared[0][2]["name"], "Bo")


def value(**kind):
    return pb.Value(**kind)


def write_python_files():
    person = pb.Document(
        types=[pb.TypeInfo(name="py.Person", members=["tags", "name", "age", "mood", "extra"]),
               pb.TypeInfo(name="py.Mood", members=["ANGRY", "CALM"])],
        root=value(object_value=pb.ObjectValue(type=0, fields=[
            value(list_value=pb.List(items=[value(string_value="x"), value(string_value="y")])),
            value(string_value="Zo\u00eb"),
            value(int64_value=33),
            value(enum_value=pb.EnumValue(type=1, constant=0)),
            value(string_value="ignored by Java"),
        ])))
    price = decimal.Decimal("3.50").as_tuple()
    unscaled = int("".join(map(str, price.digits))) * (-1 if price.sign else 1)
    values = pb.Document(root=value(string_map=pb.StringMap(entries=[  # composite 0
        pb.StringEntry(key="unsigned", value=value(uint64_value=2 ** 64 - 1)),
        pb.StringEntry(key="when", value=value(timestamp_value={"seconds": 5, "nanos": 6})),
        pb.StringEntry(key="price", value=value(decimal_value=pb.Decimal(
            unscaled=unscaled.to_bytes(2, "big", signed=True), scale=-price.exponent))),
        pb.StringEntry(key="ints", value=value(int64_list=pb.Int64List(items=[1, -2, 3]))),  # 1
        pb.StringEntry(key="reals", value=value(double_list=pb.DoubleList(items=[0.25]))),  # 2
        pb.StringEntry(key="pairs", value=value(value_map=pb.ValueMap(entries=[  # 3
            pb.ValueEntry(key=value(int64_value=1), value=value(string_value="one")),
            pb.ValueEntry(key=value(bool_value=True), value=value(null_value=pb.NULL)),
        ]))),
        pb.StringEntry(key="shared", value=value(list_value=pb.List(items=[  # 4
            value(string_map=pb.StringMap(entries=[  # 5
                pb.StringEntry(key="k", value=value(string_value="v"))])),
            value(ref=5),
        ]))),
        pb.StringEntry(key="text", value=value(string_value="\u00fcber \U0001F680")),
    ])))
    schema = read_schema("java_schema.bin")
    compact = pb.Document(
        schema=schema.id,
        types=[pb.TypeInfo(name="py.Note", members=["text"])],  # index 2: after the schema's two types
        root=value(list_value=pb.List(items=[
            value(object_value=pb.ObjectValue(type=0, fields=[  # Person: name, age, mood, tags
                value(string_value="Py"),
                value(int64_value=12),
                value(enum_value=pb.EnumValue(type=1, constant=1)),  # Mood.ANGRY
                value(list_value=pb.List(items=[value(string_value="z")])),
            ])),
            value(object_value=pb.ObjectValue(type=2, fields=[value(string_value="hello")])),
        ])))
    for name, document in (("python_person.bin", person), ("python_values.bin", values),
                           ("python_compact.bin", compact)):
        with open(os.path.join(WORK, name), "wb") as f:
            f.write(document.SerializeToString())


check_java_files()
write_python_files()
if failures:
    sys.stderr.write("\n".join(failures) + "\n")
    sys.exit(1)
print("cross-language checks passed")
