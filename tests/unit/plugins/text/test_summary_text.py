"""Text summaries match the bytes torch writes (spec event-format.md §6.6)."""

from trainboard.plugins.text.summary import text


def test_text_value_bytes_match_the_spec_example():
    expected = bytes.fromhex(
        "0a116e6f74652f746578745f73756d6d617279420f0807120412020801420568656c6c6f4a080a060a0474657874"
    )
    (value,) = text("note", "hello").value
    assert value.encode() == expected
