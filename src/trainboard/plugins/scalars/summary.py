"""Scalars as summaries: torch's legacy ``simple_value``, its ``new_style`` tensors, and the fast path.

`scalar_event` builds the serialized `Event` of one legacy scalar by hand, because ``add_scalar``
is called in every training step and the generic codec costs tens of microseconds. The layout
(spec event-format.md §3, §4.1, §6.1) is, with V = the Summary.Value and S = the Summary:

    09 <wall_time f64>  [10 <step varint>]  2a <len S>  0a <len V>  0a <len tag> <tag>  15 <value f32>

Everything from ``2a`` to ``15`` depends on the tag alone and is cached per tag, with a
`struct.Struct` packing the whole event in one call: a specialisation of `messages.summary_event`,
which builds the rare cases (huge or negative steps, zero wall time). A unit test checks these bytes
against the generic codec.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable

from trainboard.events import messages as m
from trainboard.events.wire import encode_varint
from trainboard.plugins.scalars.metadata import create_metadata

__all__ = ["scalar", "scalar_event", "scalar_value"]

_pack_f32 = struct.Struct("<f").pack
_TAG_HEADS: dict[str, bytes] = {}
_SUMMARY_HEADS: dict[str, bytes] = {}
_PACKERS: dict[tuple[str, int], tuple[Callable[..., bytes], bytes]] = {}
_MAX_CACHED_TAGS = 100_000


def scalar_value(
    tag: str,
    value: float,
    new_style: bool = False,
    double_precision: bool = False,
    display_name: str = "",
    description: str = "",
) -> m.SummaryValue:
    """One scalar `Summary.Value`: ``simple_value`` (float32) or, with ``new_style``, a rank-0 tensor.

        scalar_value("loss", 0.25)                  # simple_value, what torch writes by default
        scalar_value("loss", 0.25, new_style=True)  # DT_FLOAT tensor with plugin "scalars"

    A display name or description (tensorboardX's arguments) is attached as metadata; on a
    legacy value that metadata has no plugin data, as tensorboardX writes it.
    """
    metadata = None
    if new_style:
        metadata = create_metadata(display_name, description)
    elif display_name or description:
        metadata = m.SummaryMetadata(display_name=display_name, summary_description=description)
    if not new_style:
        return m.SummaryValue(tag=tag, simple_value=float(value), metadata=metadata)
    if double_precision:
        tensor = m.TensorProto(dtype=m.DT_DOUBLE, double_val=[float(value)])
    else:
        tensor = m.TensorProto(dtype=m.DT_FLOAT, float_val=[float(value)])
    return m.SummaryValue(tag=tag, tensor=tensor, metadata=metadata)


def scalar(tag: str, value: float, new_style: bool = False, double_precision: bool = False) -> m.Summary:
    """A `Summary` holding one scalar, as ``torch.utils.tensorboard.summary.scalar`` builds it."""
    return m.Summary(value=[scalar_value(tag, value, new_style, double_precision)])


def scalar_event(tag: str, value: float, step: int | None, wall_time: float) -> bytes:
    """The serialized `Event` of one legacy scalar, byte for byte what torch writes.

    ``value`` is a Python float (or int); ``step`` an int or None; ``wall_time`` seconds.
    """
    # Steps below 2**35 (0-5 varint bytes) are one cached struct call per (tag, step width).
    if not step:
        width = 0
    elif 0 < step < 0x80:
        width = 1
    elif 0 < step < 0x4000:
        width = 2
    elif 0 < step < 0x200000:
        width = 3
    elif 0 < step < 0x10000000:  # environment steps of long RL runs
        width = 4
    elif 0 < step < 0x800000000:
        width = 5
    else:
        return _scalar_event_any(tag, value, step, wall_time)
    packer = _PACKERS.get((tag, width))
    if packer is None:
        packer = _packer(tag, width)
    pack, head = packer
    if not wall_time:
        return _scalar_event_any(tag, value, step, wall_time)
    try:
        if width == 0:
            return pack(0x09, wall_time, head, value)
        # width > 0 means step is a positive int (mypy cannot follow the branches above).
        n: int = step  # type: ignore[assignment]
        if width == 1:
            return pack(0x09, wall_time, 0x10, n, head, value)
        if width == 2:
            return pack(0x09, wall_time, 0x10, (n & 0x7F) | 0x80, n >> 7, head, value)
        if width == 3:
            return pack(
                0x09, wall_time, 0x10, (n & 0x7F) | 0x80, ((n >> 7) & 0x7F) | 0x80, n >> 14, head, value
            )
        low = ((n & 0x7F) | 0x80, ((n >> 7) & 0x7F) | 0x80, ((n >> 14) & 0x7F) | 0x80)
        if width == 4:
            return pack(0x09, wall_time, 0x10, *low, n >> 21, head, value)
        return pack(0x09, wall_time, 0x10, *low, ((n >> 21) & 0x7F) | 0x80, n >> 28, head, value)
    except OverflowError:
        return _scalar_event_any(tag, value, step, wall_time)


def _scalar_event_any(tag: str, value: float, step: int | None, wall_time: float) -> bytes:
    """`scalar_event` for the rare cases: huge or negative steps, zero wall time, |value| > float32 max."""
    try:
        packed_value = _pack_f32(value)
    except OverflowError:
        # Beyond float32's range: protobuf stores infinity, struct refuses.
        packed_value = _pack_f32(math.copysign(math.inf, value))
    summary = _SUMMARY_HEADS.get(tag) or _summary_head(tag)
    return m.summary_event(summary + packed_value, step, wall_time)


def _packer(tag: str, width: int) -> tuple[Callable[..., bytes], bytes]:
    head = _TAG_HEADS.get(tag) or _tag_head(tag)
    step_format = "B" * (width + 1) if width else ""
    packer = (struct.Struct(f"<Bd{step_format}{len(head)}sf").pack, head)
    if len(_PACKERS) < _MAX_CACHED_TAGS:
        _PACKERS[(tag, width)] = packer
    return packer


def _summary_head(tag: str) -> bytes:
    """The serialized `Summary` of one ``simple_value`` of ``tag``, up to the 4 bytes of the value."""
    raw = tag.encode("utf-8")
    # proto3 leaves out an empty string, so an empty tag has no field at all.
    tag_field = b"\x0a" + encode_varint(len(raw)) + raw if raw else b""
    summary = b"\x0a" + encode_varint(len(tag_field) + 5) + tag_field + b"\x15"
    if len(_SUMMARY_HEADS) < _MAX_CACHED_TAGS:
        _SUMMARY_HEADS[tag] = summary
    return summary


def _tag_head(tag: str) -> bytes:
    """Event field 5 (``2a <len S>``) and the `Summary` up to the value: all that depends on the tag."""
    summary = _SUMMARY_HEADS.get(tag) or _summary_head(tag)
    head = b"\x2a" + encode_varint(len(summary) + 4) + summary
    if len(_TAG_HEADS) < _MAX_CACHED_TAGS:
        _TAG_HEADS[tag] = head
    return head
