"""Protobuf wire primitives: varints, field keys and length-delimited fields.

Implements the subset of the protobuf encoding that event files use
(`spec/event-format.md` §3): wire types 0 (varint), 1 (64-bit), 2 (length-delimited)
and 5 (32-bit). Groups (wire types 3 and 4) never occur and are rejected.
"""

from __future__ import annotations

import struct

from trainboard.errors import DecodeError as DecodeError  # its home is errors.py

VARINT = 0
I64 = 1
LEN = 2
I32 = 5

_pack_double = struct.Struct("<d").pack
_pack_float = struct.Struct("<f").pack
_unpack_double = struct.Struct("<d").unpack_from
_unpack_float = struct.Struct("<f").unpack_from

_MASK64 = (1 << 64) - 1


def encode_varint(value: int) -> bytes:
    """Encode an unsigned varint; negative numbers become their 64-bit two's complement."""
    if value < 0:
        value &= _MASK64
    if value < 0x80:
        return bytes((value,))
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def decode_varint(buf: bytes | memoryview, pos: int) -> tuple[int, int]:
    """Read an unsigned varint at ``pos``; return (value, next position).

    As the official protobuf parsers do, a varint is at most 10 bytes and bits above the 64th are
    dropped, so every value fits a uint64 (an int64 step of 65 bits reads as its low 64 bits).
    """
    result = 0
    shift = 0
    n = len(buf)
    while True:
        if pos >= n:
            raise DecodeError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result & _MASK64, pos
        shift += 7
        if shift >= 70:
            raise DecodeError("varint longer than 10 bytes")


def to_signed64(value: int) -> int:
    """Reinterpret an unsigned 64-bit varint as int64."""
    return value - (1 << 64) if value >= (1 << 63) else value


def to_signed32(value: int) -> int:
    """Reinterpret a varint as int32 (negative int32s are sign-extended to 64 bits on the wire)."""
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= (1 << 31) else value


def key(number: int, wire_type: int) -> bytes:
    """The encoded key of a field."""
    return encode_varint((number << 3) | wire_type)


def len_field(number: int, payload: bytes) -> bytes:
    """A complete length-delimited field: key, length, payload."""
    return key(number, LEN) + encode_varint(len(payload)) + payload


def skip_field(buf: bytes | memoryview, pos: int, wire_type: int) -> int:
    """Return the position after a field's value of the given wire type."""
    if wire_type == VARINT:
        _, pos = decode_varint(buf, pos)
        return pos
    if wire_type == I64:
        pos += 8
    elif wire_type == I32:
        pos += 4
    elif wire_type == LEN:
        length, pos = decode_varint(buf, pos)
        pos += length
    else:
        raise DecodeError(f"unsupported wire type {wire_type}")
    if pos > len(buf):
        raise DecodeError("truncated field")
    return pos
