"""Fixed-seed fuzzing of the reader with real event files (issue #13, "nothing lost").

Event files written by torch's `SummaryWriter` and by trainboard's get "planted" records, scalar
events whose exact bytes are known, between their own records. Each file is then mutated (bit
flips, overwritten, deleted, inserted and duplicated bytes, runs of zeros, truncation, a header
re-framed with a wrong length, a payload changed inside valid checksums, hostile records spliced
in) and read four ways: the compiled scanner, its pure-Python twin, and a live reader that sees
the file grow in chunks with a `reload()` between them. For every mutant:

- nothing raises out of `reload()` or the accessors, and no read hangs (the timeout);
- the traced memory of a read stays within a small multiple of the file's bytes;
- every planted record whose bytes are intact in the mutant is read, as often as its bytes occur
  (found by searching the mutant for them, independently of the reader), and no other;
- all four reads give the same data: every point of every series, every blob's bytes.
"""

from __future__ import annotations

import math
import random
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from tests.fuzz import samples
from trainboard.events import messages as m
from trainboard.events.records import HEADER_SIZE, frame, masked_crc32c, read_records
from trainboard.plugins.hparams.sessions import read_hparams
from trainboard.store.experiment import Experiment
from trainboard.store.scanner import scanner_available

pytest.importorskip("torch")

SEED = 20261202
MUTANTS_PER_FILE = 400
PLANTED_TAG = "planted"
FILE_NAME = "events.out.tfevents.1700000000.fuzz"
# A read may use this many bytes per byte of event file, plus a constant for the reader itself.
MEMORY_RATIO = 64
MEMORY_BASE = 4 << 20

pytestmark = pytest.mark.timeout(240)


# -- the files -----------------------------------------------------------------------------------
def planted(k: int) -> bytes:
    value = m.SummaryValue(tag=PLANTED_TAG, simple_value=float(k))
    return frame(
        m.Event(wall_time=samples.WALL + k, step=10_000 + k, summary=m.Summary(value=[value])).encode()
    )


def with_planted(data: bytes, first: int) -> tuple[bytes, list[bytes]]:
    """`data` with a planted record after every third of its records; returns (bytes, planted)."""
    out, plants = bytearray(), []
    for i, (offset, payload) in enumerate(read_records(data).records):
        out += data[offset - HEADER_SIZE : offset + len(payload) + 4]
        if i % 3 == 1:
            plants.append(planted(first + len(plants)))
            out += plants[-1]
    return bytes(out), plants


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[bytes, list[bytes]]]:
    paths = samples.write_samples(tmp_path_factory.mktemp("samples"))
    return [with_planted(path.read_bytes(), 1000 * i) for i, path in enumerate(paths)]


# -- mutations -----------------------------------------------------------------------------------
def _boundaries(data: bytes) -> list[int]:
    return [offset - HEADER_SIZE for offset, _ in read_records(data).records] or [0]


def _reframe_header(data: bytearray, rng: random.Random) -> None:
    """A valid header (length checksum matches) whose length is wrong: past EOF, or anywhere."""
    at = rng.choice(_boundaries(bytes(data)))
    length = rng.choice([len(data) * 4, rng.randrange(1 << 31), rng.randrange(64)])
    head = length.to_bytes(8, "little")
    data[at : at + HEADER_SIZE] = head + masked_crc32c(head).to_bytes(4, "little")


def _reframe_payload(data: bytearray, rng: random.Random) -> None:
    """Change bytes inside one record's payload and make both checksums valid again."""
    # Not a planted record: changed inside valid checksums, it would be a new record, not a lost one.
    records = [r for r in read_records(bytes(data)).records if PLANTED_TAG.encode() not in r[1]]
    if not records:
        return
    offset, payload = rng.choice(records)
    body = bytearray(payload)
    for _ in range(rng.randint(1, 4)):
        if body:
            body[rng.randrange(len(body))] = rng.choice([0, 0xFF, 0x80, 0x7F, rng.randrange(256)])
    data[offset - HEADER_SIZE : offset + len(payload) + 4] = frame(bytes(body))


def _splice_hostile(data: bytearray, rng: random.Random) -> None:
    at = rng.choice(_boundaries(bytes(data)))
    data[at:at] = rng.choice(HOSTILE)


HOSTILE = samples.hostile_records()


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        kind = rng.randrange(11)
        n = len(out)
        if not n:
            break
        at = rng.randrange(n)
        if kind == 0:
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(n)] ^= 1 << rng.randrange(8)
        elif kind == 1:
            out[at : at + rng.randint(1, 16)] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif kind == 2:
            del out[at : at + rng.choice([1, 2, 3, 3, 5, 17, 64])]
        elif kind == 3:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif kind == 4:
            out[at:at] = bytes(rng.choice([1, 11, 12, 13, 100, 4096]))
        elif kind == 5:
            start = rng.randrange(n)
            out[at:at] = out[start : start + rng.randint(1, 300)]
        elif kind == 6:
            del out[rng.randrange(n) :]
        elif kind == 7:
            _reframe_header(out, rng)
        elif kind == 8:
            _reframe_payload(out, rng)
        elif kind == 9:
            _splice_hostile(out, rng)
        else:
            out[at : at + 8] = rng.choice([b"\xff" * 8, b"\x00" * 8, (1 << 31).to_bytes(8, "little")])
    return bytes(out)


# -- reading -------------------------------------------------------------------------------------
def _number(x: float) -> Any:
    return "nan" if math.isnan(x) else x


def digest(exp: Experiment) -> dict[tuple[str, str], Any]:
    """Every point of every series of `exp`, with blob bytes, in comparable form."""
    out: dict[tuple[str, str], Any] = {}
    for run, plugins in exp.tags().items():
        for plugin, tags in plugins.items():
            infos = exp.tag_infos(plugin)[run]
            for tag in tags:
                data_class = infos[tag].data_class
                if data_class == m.DATA_CLASS_SCALAR:
                    a = exp.scalar_arrays(run, tag)
                    points: Any = (a.step.tolist(), a.wall_time.tobytes(), a.value.tobytes())
                elif data_class == m.DATA_CLASS_BLOB_SEQUENCE:
                    points = [
                        (d.step, _number(d.wall_time), [exp.read_blob(b.blob_id) for b in d.blobs], d.labels)
                        for d in exp.blob_series(run, tag)
                    ]
                else:
                    points = [
                        (
                            d.step,
                            _number(d.wall_time),
                            str(d.value.dtype),
                            d.value.shape,
                            repr(d.value.tolist()),
                        )
                        for d in exp.tensor_series(run, tag)
                    ]
                out[(run, tag)] = (plugin, points)
        exp.graph(run)
        exp.run_start_time(run)
    read_hparams(exp)
    return out


def fresh(path: Path, use_scanner: bool) -> tuple[dict, list[str], int]:
    tracemalloc.start()
    try:
        exp = Experiment(str(path), use_scanner=use_scanner)
        exp.reload()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return digest(exp), [w.replace(str(path), "") for w in exp.warnings], peak


def live(path: Path, data: bytes, rng: random.Random) -> dict:
    """Read `data` as a live reader would: the file grows in chunks, with a reload after each."""
    cuts = sorted(rng.randrange(len(data) + 1) for _ in range(rng.randint(1, 6)))
    exp = Experiment(str(path.parent))
    with open(path, "wb") as f:
        last = 0
        for cut in [*cuts, len(data)]:
            f.write(data[last:cut])
            f.flush()
            last = cut
            exp.reload()
    return digest(exp)


def planted_read(d: dict) -> list[int]:
    for (_run, tag), (_plugin, points) in d.items():
        if tag == PLANTED_TAG:
            return sorted(points[0])
    return []


def planted_intact(data: bytes, plants: list[bytes]) -> list[int]:
    found = []
    for record in plants:
        found += [m.Event.decode(record[HEADER_SIZE:-4]).step] * data.count(record)
    return sorted(found)


@pytest.mark.skipif(not scanner_available(), reason="the compiled scanner is not built")
def test_every_intact_record_of_a_mutated_file_is_read_the_same_four_ways(originals, tmp_path):
    rng = random.Random(SEED)
    failures = []
    for number, (original, plants) in enumerate(originals):
        for i in range(MUTANTS_PER_FILE):
            data = mutate(original, rng)
            case = tmp_path / f"f{number}-{i}"
            for name in ("scanner", "python", "live"):
                (case / name).mkdir(parents=True)
            (case / "scanner" / FILE_NAME).write_bytes(data)
            (case / "python" / FILE_NAME).write_bytes(data)
            ours, warnings, peak = fresh(case / "scanner", True)
            twin, twin_warnings, twin_peak = fresh(case / "python", False)
            grown = live(case / "live" / FILE_NAME, data, rng)
            expected = planted_intact(data, plants)
            problems = []
            if planted_read(ours) != expected:
                problems.append(f"planted: read {planted_read(ours)}, intact {expected}")
            if twin != ours:
                problems.append("the pure-Python twin reads other data than the scanner")
            if sorted(twin_warnings) != sorted(warnings):
                problems.append(f"warnings differ: {warnings} vs {twin_warnings}")
            if grown != ours:
                problems.append("the live reader reads other data than a fresh read")
            for p in (peak, twin_peak):
                if p > MEMORY_RATIO * len(data) + MEMORY_BASE:
                    problems.append(f"a read of {len(data)} bytes traced {p} bytes")
            if problems:
                (tmp_path / f"failed-{number}-{i}.bin").write_bytes(data)
                failures.append(f"file {number} mutant {i}: " + "; ".join(problems))
    assert not failures, "\n".join(failures[:20])
