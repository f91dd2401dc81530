"""The event file format and nothing else: protobuf messages, record framing, the file writer."""

from trainboard.events.messages import Event, Summary, SummaryMetadata, SummaryValue, TensorProto
from trainboard.events.records import frame, masked_crc32c, read_records
from trainboard.events.wire import DecodeError

__all__ = [
    "DecodeError",
    "Event",
    "Summary",
    "SummaryMetadata",
    "SummaryValue",
    "TensorProto",
    "frame",
    "masked_crc32c",
    "read_records",
]
