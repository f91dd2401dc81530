"""Coverage-guided fuzzing of the record and message decoders with atheris (docs/dev/fuzzing.md).

    python fuzz/fuzz_reader.py fuzz/work fuzz/corpus -max_total_time=1800 -artifact_prefix=fuzz/artifacts/

Each input is taken three ways:
  1. as event-file bytes: `records.read_records` and the compiled scanner must agree exactly
     (the same end offset, the same damaged stretches, the same records), and every record must
     go through the loader's decode and conversion raising nothing but `DecodeError`;
  2. as one protobuf message of the class its first byte picks: decoding raises only `DecodeError`,
     and what decodes re-encodes to bytes that decode to an equal message;
  3. as a `TensorProto`: conversion to numpy raises only `DecodeError` and never allocates more
     than its bound.
Any other exception, or a disagreement, is a crash that libFuzzer saves under -artifact_prefix.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from trainboard.events import _codec, records, wire
    from trainboard.events import messages as m
    from trainboard.store import tensors

try:
    from trainboard.events import _scan  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - the pure-Python half still runs
    _scan = None

MESSAGES = sorted(_codec._REGISTRY.values(), key=lambda cls: cls.__name__)


def _records(data: bytes) -> None:
    result = records.read_records(data, 5)
    if _scan is not None:
        _agree(data, result)
    for _offset, payload in result.records:
        try:
            event = m.Event.decode(payload)
        except wire.DecodeError:
            continue
        if event.summary is not None:
            for value in event.summary.value:
                if value.tensor is not None:
                    _tensor(value.tensor, len(payload))


def _agree(data: bytes, result: records.ReadResult) -> None:
    """The scanner, driven as the loader drives it, frames `data` exactly as read_records does."""
    scanner = _scan.Scanner()
    pos, corruptions, handed = 0, [], set()
    while True:
        end, _tags, _steps, _walls, _values, others, bad, _items, _floats = scanner.scan(data, 5, pos)
        corruptions.extend(bad)
        handed.update(int(offset) for offset in others[:, 0])
        if end - 5 == pos or end - 5 >= len(data):
            break
        pos = end - 5
    expected = [(c.offset, c.length, c.reason) for c in result.corruptions]
    if end != result.end or corruptions != expected:
        raise AssertionError(f"scanner {end} {corruptions} != records {result.end} {expected}")
    if not handed <= {offset for offset, _ in result.records}:
        raise AssertionError("the scanner handed back a record read_records did not read")


def _tensor(proto: object, record_bytes: int) -> None:
    try:
        array = tensors.tensor_to_ndarray(proto, record_bytes)
    except wire.DecodeError:
        return
    bound = max(tensors.BROADCAST_BYTES, tensors.BROADCAST_RATIO * record_bytes)
    if array.dtype != object and array.nbytes > max(bound, 8 * record_bytes):
        raise AssertionError(f"a {record_bytes}-byte record became {array.nbytes} bytes")


def _message(data: bytes) -> None:
    if not data:
        return
    cls = MESSAGES[data[0] % len(MESSAGES)]
    try:
        msg = cls.decode(data[1:])
    except wire.DecodeError:
        return
    # Encoding what was decoded is a fixed point: a second round trip gives the same bytes.
    first = msg.encode()
    if cls.decode(first).encode() != first:
        raise AssertionError(f"{cls.__name__} does not survive a round trip")


def test_one_input(data: bytes) -> None:
    _records(data)
    _message(data)
    try:
        proto = m.TensorProto.decode(data)
    except wire.DecodeError:
        return
    _tensor(proto, len(data))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
