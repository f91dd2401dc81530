"""The hand-built scalar event bytes must equal what the generic codec (and so protobuf) writes."""

import math

import pytest

from trainboard.events import messages as m
from trainboard.plugins.scalars.summary import scalar_event


def _generic(tag, value, step, wall_time):
    event = m.Event(
        wall_time=wall_time, summary=m.Summary(value=[m.SummaryValue(tag=tag, simple_value=value)])
    )
    if step is not None:
        event.step = step
    return event.encode()


@pytest.mark.parametrize("tag", ["loss", "", "train/loss", "λ/ünï", "x" * 127, "y" * 128, "z" * 20000])
@pytest.mark.parametrize(
    "step",
    [
        None,
        0,
        1,
        127,
        128,
        16383,
        16384,
        2**21 - 1,
        2**21,
        2**28 - 1,
        2**28,
        2**35 - 1,
        2**35,
        2**40,
        -1,
        -(2**40),
    ],
)
def test_scalar_event_bytes_match_the_generic_codec(tag, step):
    assert scalar_event(tag, 0.25, step, 1700000000.5) == _generic(tag, 0.25, step, 1700000000.5)


@pytest.mark.parametrize("value", [0.0, -0.0, 1e-45, 3.4e38, -7.5, math.inf, -math.inf, 1 / 3, 12345678.9])
def test_scalar_values_round_to_float32_like_protobuf(value):
    assert scalar_event("v", value, 5, 1.5) == _generic("v", value, 5, 1.5)


def test_nan_is_written_as_nan():
    payload = scalar_event("v", math.nan, 1, 1.5)
    assert math.isnan(m.Event.decode(payload).summary.value[0].simple_value)


def test_values_beyond_float32_become_infinity_instead_of_failing():
    decoded = m.Event.decode(scalar_event("v", 1e39, 1, 1.5))
    assert decoded.summary.value[0].simple_value == math.inf


def test_zero_wall_time_is_omitted_as_protobuf_omits_defaults():
    assert scalar_event("v", 1.0, 3, 0.0) == _generic("v", 1.0, 3, 0.0)


def test_scalar_record_matches_the_spec_example():
    # spec event-format.md §1.3: Event{wall_time=1700000000.5, step=3, summary{loss=0.25}}
    expected = bytes.fromhex("0900002040fc54d94110032a0d0a0b0a046c6f7373150000803e")
    assert scalar_event("loss", 0.25, 3, 1700000000.5) == expected
