"""A small declarative protobuf codec: messages name their fields, one engine encodes and decodes them.

Encoding follows what the official Python protobuf library emits (`spec/event-format.md` §3), so
bytes match torch's writer: fields in ascending number order, proto3 defaults omitted except for
oneof members and present sub-messages, repeated numbers packed, map entries with key and value.
Unknown fields are kept and written back, so a decode/encode round trip loses nothing.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from trainboard.events import wire

_SCALAR_DEFAULTS: dict[str, Any] = {
    "double": 0.0,
    "float": 0.0,
    "int32": 0,
    "int64": 0,
    "uint32": 0,
    "uint64": 0,
    "bool": False,
    "enum": 0,
    "string": "",
    "bytes": b"",
}
_VARINT_KINDS = frozenset({"int32", "int64", "uint32", "uint64", "bool", "enum"})
_WIRE_TYPE = {
    "double": wire.I64,
    "float": wire.I32,
    "string": wire.LEN,
    "bytes": wire.LEN,
    "message": wire.LEN,
    **{k: wire.VARINT for k in _VARINT_KINDS},
}
_FIXED_FMT = {"double": "d", "float": "f"}

_REGISTRY: dict[str, type[Message]] = {}

# How deep sub-messages may nest: the official parsers' default recursion limit. A GraphDef's
# attributes can nest (AttrValue -> NameAttrList -> AttrValue ...); real graphs stay far below.
MAX_DEPTH = 100


class Field(NamedTuple):
    """One field of a message.

    ``label`` is ``"single"``, ``"repeated"``, ``"oneof"`` (always written when set) or ``"map"``.
    ``kind`` is a scalar kind or ``"message"``; ``type`` names the message class (or, for maps,
    the value kind or message class name) and ``key_kind`` the map key kind.
    """

    number: int
    name: str
    kind: str
    label: str = "single"
    type: str | None = None
    key_kind: str | None = None


def F(  # noqa: N802 - short on purpose: message classes read as field tables
    number: int,
    name: str,
    kind: str,
    label: str = "single",
    type: str | None = None,
    key_kind: str | None = None,
) -> Field:
    """Shorthand for `Field`, so each message's field list reads like the spec's tables."""
    return Field(number, name, kind, label, type, key_kind)


def _default(field: Field) -> Any:
    if field.label == "repeated":
        return []
    if field.label == "map":
        return {}
    if field.kind == "message" or field.label == "oneof":
        return None
    return _SCALAR_DEFAULTS[field.kind]


def _encode_scalar(kind: str, value: Any) -> bytes:
    if kind == "double":
        return struct.pack("<d", value)
    if kind == "float":
        return struct.pack("<f", value)
    if kind == "string":
        data = value.encode("utf-8")
        return wire.encode_varint(len(data)) + data
    if kind == "bytes":
        return wire.encode_varint(len(value)) + bytes(value)
    if kind == "bool":
        return b"\x01" if value else b"\x00"
    return wire.encode_varint(int(value))


def _encode_one(field: Field, kind: str, value: Any, number: int) -> bytes:
    if kind == "message":
        return wire.len_field(number, value.encode())
    return wire.key(number, _WIRE_TYPE[kind]) + _encode_scalar(kind, value)


def _decode_scalar(kind: str, buf: memoryview, pos: int, wire_type: int) -> tuple[Any, int]:
    if kind == "double":
        if wire_type != wire.I64:
            raise wire.DecodeError("double field with wrong wire type")
        return struct.unpack_from("<d", buf, pos)[0], pos + 8
    if kind == "float":
        if wire_type != wire.I32:
            raise wire.DecodeError("float field with wrong wire type")
        return struct.unpack_from("<f", buf, pos)[0], pos + 4
    if kind in ("string", "bytes"):
        if wire_type != wire.LEN:
            raise wire.DecodeError("length-delimited field with wrong wire type")
        view, end = _sub_buffer(buf, pos)
        data = bytes(view)
        if kind == "string":
            return data.decode("utf-8", errors="replace"), end
        return data, end
    if wire_type != wire.VARINT:
        raise wire.DecodeError("varint field with wrong wire type")
    value, pos = wire.decode_varint(buf, pos)
    if kind in ("int64",):
        value = wire.to_signed64(value)
    elif kind in ("int32", "enum"):
        value = wire.to_signed32(value)
    elif kind == "uint32":
        value &= 0xFFFFFFFF
    elif kind == "bool":
        value = bool(value)
    return value, pos


def _sub_buffer(buf: memoryview, pos: int) -> tuple[memoryview, int]:
    """The length-delimited bytes at ``pos`` (after their length) and the position after them."""
    length, pos = wire.decode_varint(buf, pos)
    end = pos + length
    if end > len(buf):
        raise wire.DecodeError("truncated length-delimited field")
    return buf[pos:end], end


def _decode_packed(kind: str, data: memoryview) -> list[Any]:
    fmt = _FIXED_FMT.get(kind)
    if fmt is not None:
        size = struct.calcsize(fmt)
        if len(data) % size:
            raise wire.DecodeError("packed field length is not a multiple of the element size")
        return list(struct.unpack(f"<{len(data) // size}{fmt}", data))
    out = []
    pos = 0
    while pos < len(data):
        value, pos = _decode_scalar(kind, data, pos, wire.VARINT)
        out.append(value)
    return out


class Message:
    """Base of every message class. Subclasses list their fields in ``FIELDS``."""

    FIELDS: ClassVar[tuple[Field, ...]] = ()
    ONEOF_GROUPS: ClassVar[dict[str, tuple[str, ...]]] = {}
    ONEOFS: ClassVar[dict[str, tuple[str, ...]]] = {}
    _by_number: ClassVar[dict[int, Field]]
    _names: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.FIELDS = tuple(sorted(cls.FIELDS, key=lambda f: f.number))
        cls._by_number = {f.number: f for f in cls.FIELDS}
        cls._names = tuple(f.name for f in cls.FIELDS)
        _REGISTRY[cls.__name__] = cls

    def __init__(self, **kwargs: Any) -> None:
        for field in self.FIELDS:
            setattr(self, field.name, _default(field))
        self._unknown: list[bytes] = []
        for name, value in kwargs.items():
            if name not in self._names:
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
            setattr(self, name, value)

    if TYPE_CHECKING:
        # Fields are attributes set per class at run time; this lets type checkers accept them.
        def __getattr__(self, name: str) -> Any: ...
        def __setattr__(self, name: str, value: Any) -> None: ...

    # -- encoding ---------------------------------------------------------------------------
    def encode(self) -> bytes:
        """Serialize to protobuf bytes."""
        parts: list[bytes] = []
        for field in self.FIELDS:
            value = getattr(self, field.name)
            label = field.label
            kind = field.kind
            if label == "single":
                if kind == "message":
                    if value is not None:
                        parts.append(wire.len_field(field.number, value.encode()))
                elif value != _SCALAR_DEFAULTS[kind] or (kind == "double" and _is_neg_zero(value)):
                    parts.append(_encode_one(field, kind, value, field.number))
            elif label == "oneof":
                if value is not None:
                    parts.append(_encode_one(field, kind, value, field.number))
            elif label == "repeated":
                if not value:
                    continue
                if kind in _FIXED_FMT:
                    fmt = _FIXED_FMT[kind]
                    payload = struct.pack(f"<{len(value)}{fmt}", *value)
                    parts.append(wire.len_field(field.number, payload))
                elif kind in _VARINT_KINDS:
                    payload = b"".join(_encode_scalar(kind, v) for v in value)
                    parts.append(wire.len_field(field.number, payload))
                else:
                    parts.extend(_encode_one(field, kind, v, field.number) for v in value)
            else:  # map
                for k, v in value.items():
                    entry = _encode_one(field, field.key_kind or "string", k, 1)
                    if field.kind == "message":
                        entry += wire.len_field(2, v.encode())
                    else:
                        entry += wire.key(2, _WIRE_TYPE[field.kind]) + _encode_scalar(field.kind, v)
                    parts.append(wire.len_field(field.number, entry))
        parts.extend(self._unknown)
        return b"".join(parts)

    # -- decoding ---------------------------------------------------------------------------
    @classmethod
    def decode(cls, data: bytes | bytearray | memoryview, *, depth: int = 0) -> Any:
        """Parse protobuf bytes; unknown fields are kept. Raises `wire.DecodeError` on bad input.

        Any bytes give either a message or a `DecodeError`, never another exception: sub-messages
        nest at most `MAX_DEPTH` deep (as the official parsers' recursion limit), and every length
        is checked against the bytes that are there before anything is copied.
        """
        if depth > MAX_DEPTH:
            raise wire.DecodeError(f"messages nested more than {MAX_DEPTH} deep")
        buf = memoryview(data)
        msg = cls()
        by_number = cls._by_number
        pos = 0
        end = len(buf)
        try:
            while pos < end:
                start = pos
                tag, pos = wire.decode_varint(buf, pos)
                number, wire_type = tag >> 3, tag & 7
                field = by_number.get(number)
                if field is None:
                    pos = wire.skip_field(buf, pos, wire_type)
                    msg._unknown.append(bytes(buf[start:pos]))
                    continue
                pos = msg._decode_field(field, buf, pos, wire_type, depth)
        except wire.DecodeError:
            raise
        except (struct.error, IndexError, ValueError, OverflowError, TypeError, RecursionError) as exc:
            raise wire.DecodeError(f"malformed {cls.__name__}: {exc}") from exc
        if pos != end:
            raise wire.DecodeError(f"malformed {cls.__name__}: field runs past the end")
        return msg

    def _decode_field(self, field: Field, buf: memoryview, pos: int, wire_type: int, depth: int) -> int:
        kind = field.kind
        if field.label == "map":
            if wire_type != wire.LEN:
                raise wire.DecodeError(f"map field {field.name} has wrong wire type")
            entry, pos = _sub_buffer(buf, pos)
            key_kind = field.key_kind or "string"
            k: Any = _SCALAR_DEFAULTS[key_kind]
            v: Any = (
                _REGISTRY[field.type]() if kind == "message" and field.type else _SCALAR_DEFAULTS.get(kind)
            )
            epos = 0
            while epos < len(entry):
                tag, epos = wire.decode_varint(entry, epos)
                n, wt = tag >> 3, tag & 7
                if n == 1:
                    k, epos = _decode_scalar(key_kind, entry, epos, wt)
                elif n == 2:
                    if kind == "message":
                        if wt != wire.LEN:
                            raise wire.DecodeError(f"map field {field.name} has wrong wire type")
                        sub, epos = _sub_buffer(entry, epos)
                        v = _REGISTRY[field.type].decode(sub, depth=depth + 1)  # type: ignore[index]
                    else:
                        v, epos = _decode_scalar(kind, entry, epos, wt)
                else:
                    epos = wire.skip_field(entry, epos, wt)
            if epos != len(entry):
                raise wire.DecodeError(f"map field {field.name}: entry runs past its end")
            getattr(self, field.name)[k] = v
            return pos
        if kind == "message":
            if wire_type != wire.LEN:
                raise wire.DecodeError(f"field {field.name} has wrong wire type")
            sub, pos = _sub_buffer(buf, pos)
            value = _REGISTRY[field.type].decode(sub, depth=depth + 1)  # type: ignore[index]
        elif field.label == "repeated" and wire_type == wire.LEN and kind not in ("string", "bytes"):
            packed, pos = _sub_buffer(buf, pos)
            getattr(self, field.name).extend(_decode_packed(kind, packed))
            return pos
        else:
            value, pos = _decode_scalar(kind, buf, pos, wire_type)
        if field.label == "repeated":
            getattr(self, field.name).append(value)
        else:
            if field.label == "oneof":
                self._clear_oneof(field)
            setattr(self, field.name, value)
        return pos

    def _clear_oneof(self, field: Field) -> None:
        group = self.ONEOFS.get(field.name)
        if group:
            for name in group:
                if name != field.name:
                    setattr(self, name, None)

    def which(self, group: str) -> str | None:
        """The name of the set member of oneof ``group``, or None."""
        for name in self.ONEOF_GROUPS.get(group, ()):
            if getattr(self, name) is not None:
                return name
        return None

    # -- value semantics --------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._names)

    def __repr__(self) -> str:
        shown = []
        for field in self.FIELDS:
            value = getattr(self, field.name)
            if value != _default(field):
                shown.append(f"{field.name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


def _is_neg_zero(value: float) -> bool:
    return value == 0.0 and struct.pack("<d", value) != b"\x00" * 8


def oneof_groups(groups: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """Class attributes describing oneof groups (group -> members, member -> siblings)."""
    members = {name: names for names in groups.values() for name in names}
    return {"ONEOF_GROUPS": groups, "ONEOFS": members}
