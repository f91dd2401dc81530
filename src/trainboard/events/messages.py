"""The messages of TensorBoard event files, field by field as `spec/event-format.md` §4-6 lists them.

Each class is a plain container: ``Event(wall_time=1.0, step=3, summary=Summary(...))``,
``.encode()`` gives the protobuf bytes and ``Event.decode(data)`` parses them.
"""

from __future__ import annotations

import struct
from typing import Any

from trainboard.events._codec import F, Message, oneof_groups
from trainboard.events.wire import encode_varint

# DataType (types.proto), the values used by summaries.
DT_INVALID = 0
DT_FLOAT = 1
DT_DOUBLE = 2
DT_INT32 = 3
DT_UINT8 = 4
DT_INT16 = 5
DT_INT8 = 6
DT_STRING = 7
DT_COMPLEX64 = 8
DT_INT64 = 9
DT_BOOL = 10
DT_QINT8 = 11
DT_QUINT8 = 12
DT_QINT32 = 13
DT_BFLOAT16 = 14
DT_QINT16 = 15
DT_QUINT16 = 16
DT_UINT16 = 17
DT_COMPLEX128 = 18
DT_HALF = 19
DT_UINT32 = 22
DT_UINT64 = 23

# SummaryMetadata.data_class
DATA_CLASS_UNKNOWN = 0
DATA_CLASS_SCALAR = 1
DATA_CLASS_TENSOR = 2
DATA_CLASS_BLOB_SEQUENCE = 3

# SessionLog.status
SESSION_STATUS_UNSPECIFIED = 0
SESSION_START = 1
SESSION_STOP = 2
SESSION_CHECKPOINT = 3


# -- tensors -------------------------------------------------------------------------------
class TensorShapeDim(Message):
    FIELDS = (F(1, "size", "int64"), F(2, "name", "string"))


class TensorShapeProto(Message):
    FIELDS = (F(2, "dim", "message", "repeated", "TensorShapeDim"), F(3, "unknown_rank", "bool"))

    @classmethod
    def of(cls, dims: Any) -> TensorShapeProto:
        """A shape from a sequence of sizes."""
        return cls(dim=[TensorShapeDim(size=int(d)) for d in dims])

    @property
    def sizes(self) -> list[int]:
        return [d.size for d in self.dim]


class TensorProto(Message):
    FIELDS = (
        F(1, "dtype", "enum"),
        F(2, "tensor_shape", "message", type="TensorShapeProto"),
        F(3, "version_number", "int32"),
        F(4, "tensor_content", "bytes"),
        F(5, "float_val", "float", "repeated"),
        F(6, "double_val", "double", "repeated"),
        F(7, "int_val", "int32", "repeated"),
        F(8, "string_val", "bytes", "repeated"),
        F(9, "scomplex_val", "float", "repeated"),
        F(10, "int64_val", "int64", "repeated"),
        F(11, "bool_val", "bool", "repeated"),
        F(12, "dcomplex_val", "double", "repeated"),
        F(13, "half_val", "int32", "repeated"),
        F(16, "uint32_val", "uint32", "repeated"),
        F(17, "uint64_val", "uint64", "repeated"),
        F(18, "float8_val", "bytes"),
    )


# -- summaries -----------------------------------------------------------------------------
class PluginData(Message):
    FIELDS = (F(1, "plugin_name", "string"), F(2, "content", "bytes"))


class SummaryMetadata(Message):
    FIELDS = (
        F(1, "plugin_data", "message", type="PluginData"),
        F(2, "display_name", "string"),
        F(3, "summary_description", "string"),
        F(4, "data_class", "enum"),
    )

    @classmethod
    def of(
        cls, plugin_name: str, content: bytes = b"", display_name: str = "", description: str = ""
    ) -> SummaryMetadata:
        """Metadata marking a value as `plugin_name`'s, with its plugin content: what each plugin's
        `metadata.create_metadata` returns."""
        return cls(
            plugin_data=PluginData(plugin_name=plugin_name, content=content),
            display_name=display_name,
            summary_description=description,
        )


class HistogramProto(Message):
    FIELDS = (
        F(1, "min", "double"),
        F(2, "max", "double"),
        F(3, "num", "double"),
        F(4, "sum", "double"),
        F(5, "sum_squares", "double"),
        F(6, "bucket_limit", "double", "repeated"),
        F(7, "bucket", "double", "repeated"),
    )


class SummaryImage(Message):
    FIELDS = (
        F(1, "height", "int32"),
        F(2, "width", "int32"),
        F(3, "colorspace", "int32"),
        F(4, "encoded_image_string", "bytes"),
    )


class SummaryAudio(Message):
    FIELDS = (
        F(1, "sample_rate", "float"),
        F(2, "num_channels", "int64"),
        F(3, "length_frames", "int64"),
        F(4, "encoded_audio_string", "bytes"),
        F(5, "content_type", "string"),
    )


class SummaryValue(Message):
    FIELDS = (
        F(1, "tag", "string"),
        F(2, "simple_value", "float", "oneof"),
        F(3, "obsolete_old_style_histogram", "bytes", "oneof"),
        F(4, "image", "message", "oneof", "SummaryImage"),
        F(5, "histo", "message", "oneof", "HistogramProto"),
        F(6, "audio", "message", "oneof", "SummaryAudio"),
        F(7, "node_name", "string"),
        F(8, "tensor", "message", "oneof", "TensorProto"),
        F(9, "metadata", "message", type="SummaryMetadata"),
    )
    locals().update(
        oneof_groups(
            {"value": ("simple_value", "obsolete_old_style_histogram", "image", "histo", "audio", "tensor")}
        )
    )


class Summary(Message):
    FIELDS = (F(1, "value", "message", "repeated", "SummaryValue"),)


# -- events --------------------------------------------------------------------------------
class LogMessage(Message):
    FIELDS = (F(1, "level", "enum"), F(2, "message", "string"))


class SessionLog(Message):
    FIELDS = (F(1, "status", "enum"), F(2, "checkpoint_path", "string"), F(3, "msg", "string"))


class TaggedRunMetadata(Message):
    FIELDS = (F(1, "tag", "string"), F(2, "run_metadata", "bytes"))


class SourceMetadata(Message):
    FIELDS = (F(1, "writer", "string"),)


class Event(Message):
    FIELDS = (
        F(1, "wall_time", "double"),
        F(2, "step", "int64"),
        F(3, "file_version", "string", "oneof"),
        F(4, "graph_def", "bytes", "oneof"),
        F(5, "summary", "message", "oneof", "Summary"),
        F(6, "log_message", "message", "oneof", "LogMessage"),
        F(7, "session_log", "message", "oneof", "SessionLog"),
        F(8, "tagged_run_metadata", "message", "oneof", "TaggedRunMetadata"),
        F(9, "meta_graph_def", "bytes", "oneof"),
        F(10, "source_metadata", "message", type="SourceMetadata"),
    )
    locals().update(
        oneof_groups(
            {
                "what": (
                    "file_version",
                    "graph_def",
                    "summary",
                    "log_message",
                    "session_log",
                    "tagged_run_metadata",
                    "meta_graph_def",
                )
            }
        )
    )


_pack_f64 = struct.Struct("<d").pack
_ZERO_F64 = bytes(8)  # +0.0, which protobuf leaves out; -0.0 is written


def summary_event(summary: bytes, step: int | None, wall_time: float) -> bytes:
    """``Event(wall_time=wall_time, step=step, summary=...).encode()`` around an already serialized
    `Summary`, without decoding and re-encoding it: the writer's one way to build a summary event.

    Field order and omitted defaults are protobuf's: wall_time (1), step (2), summary (5).
    """
    wall = _pack_f64(wall_time)
    head = b"\x09" + wall if wall != _ZERO_F64 else b""
    if step:
        head += b"\x10" + encode_varint(step)
    return head + b"\x2a" + encode_varint(len(summary)) + summary


# -- graphs (§5) ---------------------------------------------------------------------------
class NameAttrList(Message):
    FIELDS = (F(1, "name", "string"), F(2, "attr", "message", "map", "AttrValue", "string"))


class AttrListValue(Message):
    FIELDS = (
        F(2, "s", "bytes", "repeated"),
        F(3, "i", "int64", "repeated"),
        F(4, "f", "float", "repeated"),
        F(5, "b", "bool", "repeated"),
        F(6, "type", "enum", "repeated"),
        F(7, "shape", "message", "repeated", "TensorShapeProto"),
        F(8, "tensor", "message", "repeated", "TensorProto"),
        F(9, "func", "message", "repeated", "NameAttrList"),
    )


class AttrValue(Message):
    FIELDS = (
        F(1, "list", "message", "oneof", "AttrListValue"),
        F(2, "s", "bytes", "oneof"),
        F(3, "i", "int64", "oneof"),
        F(4, "f", "float", "oneof"),
        F(5, "b", "bool", "oneof"),
        F(6, "type", "enum", "oneof"),
        F(7, "shape", "message", "oneof", "TensorShapeProto"),
        F(8, "tensor", "message", "oneof", "TensorProto"),
        F(9, "placeholder", "string", "oneof"),
        F(10, "func", "message", "oneof", "NameAttrList"),
    )
    locals().update(
        oneof_groups(
            {"value": ("list", "s", "i", "f", "b", "type", "shape", "tensor", "placeholder", "func")}
        )
    )


class NodeDef(Message):
    FIELDS = (
        F(1, "name", "string"),
        F(2, "op", "string"),
        F(3, "input", "string", "repeated"),
        F(4, "device", "string"),
        F(5, "attr", "message", "map", "AttrValue", "string"),
    )


class VersionDef(Message):
    FIELDS = (
        F(1, "producer", "int32"),
        F(2, "min_consumer", "int32"),
        F(3, "bad_consumers", "int32", "repeated"),
    )


class GraphDef(Message):
    # library (2) and debug_info (5) stay opaque: kept as unknown fields.
    FIELDS = (
        F(1, "node", "message", "repeated", "NodeDef"),
        F(3, "version", "int32"),
        F(4, "versions", "message", type="VersionDef"),
    )


class AllocatorMemoryUsed(Message):
    FIELDS = (
        F(1, "allocator_name", "string"),
        F(2, "total_bytes", "int64"),
        F(3, "peak_bytes", "int64"),
        F(4, "live_bytes", "int64"),
        F(5, "allocator_bytes_in_use", "int64"),
    )


class AllocationDescription(Message):
    FIELDS = (
        F(1, "requested_bytes", "int64"),
        F(2, "allocated_bytes", "int64"),
        F(3, "allocator_name", "string"),
    )


class TensorDescription(Message):
    FIELDS = (
        F(1, "dtype", "enum"),
        F(2, "shape", "message", type="TensorShapeProto"),
        F(4, "allocation_description", "message", type="AllocationDescription"),
    )


class NodeOutput(Message):
    FIELDS = (F(1, "slot", "int32"), F(3, "tensor_description", "message", type="TensorDescription"))


class MemoryStats(Message):
    FIELDS = (F(1, "temp_memory_size", "int64"), F(3, "persistent_memory_size", "int64"))


class NodeExecStats(Message):
    FIELDS = (
        F(1, "node_name", "string"),
        F(2, "all_start_micros", "int64"),
        F(3, "op_start_rel_micros", "int64"),
        F(4, "op_end_rel_micros", "int64"),
        F(5, "all_end_rel_micros", "int64"),
        F(6, "memory", "message", "repeated", "AllocatorMemoryUsed"),
        F(7, "output", "message", "repeated", "NodeOutput"),
        F(8, "timeline_label", "string"),
        F(12, "memory_stats", "message", type="MemoryStats"),
        F(13, "all_start_nanos", "int64"),
        F(16, "all_end_rel_nanos", "int64"),
    )


class DeviceStepStats(Message):
    FIELDS = (
        F(1, "device", "string"),
        F(2, "node_stats", "message", "repeated", "NodeExecStats"),
        F(3, "thread_names", "string", "map", key_kind="uint32"),
    )


class StepStats(Message):
    FIELDS = (F(1, "dev_stats", "message", "repeated", "DeviceStepStats"),)


class RunMetadata(Message):
    FIELDS = (F(1, "step_stats", "message", type="StepStats"),)


# -- plugin data (§6) ----------------------------------------------------------------------
class ScalarPluginData(Message):
    FIELDS = (F(1, "version", "int32"),)


class HistogramPluginData(Message):
    FIELDS = (F(1, "version", "int32"),)


class TextPluginData(Message):
    FIELDS = (F(1, "version", "int32"),)


class ImagePluginData(Message):
    FIELDS = (F(1, "version", "int32"), F(2, "converted_to_tensor", "bool"))


AUDIO_ENCODING_UNKNOWN = 0
AUDIO_ENCODING_WAV = 11


class AudioPluginData(Message):
    FIELDS = (F(1, "version", "int32"), F(2, "encoding", "enum"), F(3, "converted_to_tensor", "bool"))


class PrCurvePluginData(Message):
    FIELDS = (F(1, "version", "int32"), F(2, "num_thresholds", "uint32"))


MESH_UNDEFINED = 0
MESH_VERTEX = 1
MESH_FACE = 2
MESH_COLOR = 3


class MeshPluginData(Message):
    FIELDS = (
        F(1, "version", "int32"),
        F(2, "name", "string"),
        F(3, "content_type", "enum"),
        F(5, "json_config", "string"),
        F(6, "shape", "int32", "repeated"),
        F(7, "components", "uint32"),
    )


# custom scalars layout
class MultilineChartContent(Message):
    FIELDS = (F(1, "tag", "string", "repeated"),)


class MarginSeries(Message):
    FIELDS = (F(1, "value", "string"), F(2, "lower", "string"), F(3, "upper", "string"))


class MarginChartContent(Message):
    FIELDS = (F(1, "series", "message", "repeated", "MarginSeries"),)


class Chart(Message):
    FIELDS = (
        F(1, "title", "string"),
        F(2, "multiline", "message", "oneof", "MultilineChartContent"),
        F(3, "margin", "message", "oneof", "MarginChartContent"),
    )
    locals().update(oneof_groups({"content": ("multiline", "margin")}))


class Category(Message):
    FIELDS = (F(1, "title", "string"), F(2, "chart", "message", "repeated", "Chart"), F(3, "closed", "bool"))


class Layout(Message):
    FIELDS = (F(1, "version", "int32"), F(2, "category", "message", "repeated", "Category"))


# google.protobuf.Value / ListValue / Struct
class ListValue(Message):
    FIELDS = (F(1, "values", "message", "repeated", "Value"),)


class Struct(Message):
    FIELDS = (F(1, "fields", "message", "map", "Value", "string"),)


class Value(Message):
    FIELDS = (
        F(1, "null_value", "enum", "oneof"),
        F(2, "number_value", "double", "oneof"),
        F(3, "string_value", "string", "oneof"),
        F(4, "bool_value", "bool", "oneof"),
        F(5, "struct_value", "message", "oneof", "Struct"),
        F(6, "list_value", "message", "oneof", "ListValue"),
    )
    locals().update(
        oneof_groups(
            {
                "kind": (
                    "null_value",
                    "number_value",
                    "string_value",
                    "bool_value",
                    "struct_value",
                    "list_value",
                )
            }
        )
    )

    def to_python(self) -> Any:
        """The plain Python value (None, float, str, bool, dict or list)."""
        if self.number_value is not None:
            return self.number_value
        if self.string_value is not None:
            return self.string_value
        if self.bool_value is not None:
            return self.bool_value
        if self.list_value is not None:
            return [v.to_python() for v in self.list_value.values]
        if self.struct_value is not None:
            return {k: v.to_python() for k, v in self.struct_value.fields.items()}
        return None


# hparams (§6.10)
HPARAM_TYPE_UNSET = 0
HPARAM_TYPE_STRING = 1
HPARAM_TYPE_BOOL = 2
HPARAM_TYPE_FLOAT64 = 3

STATUS_UNKNOWN = 0
STATUS_SUCCESS = 1
STATUS_FAILURE = 2
STATUS_RUNNING = 3


class Interval(Message):
    FIELDS = (F(1, "min_value", "double"), F(2, "max_value", "double"))


class HParamInfo(Message):
    FIELDS = (
        F(1, "name", "string"),
        F(2, "display_name", "string"),
        F(3, "description", "string"),
        F(4, "type", "enum"),
        F(5, "domain_discrete", "message", "oneof", "ListValue"),
        F(6, "domain_interval", "message", "oneof", "Interval"),
        F(7, "differs", "bool"),
    )
    locals().update(oneof_groups({"domain": ("domain_discrete", "domain_interval")}))


class MetricName(Message):
    FIELDS = (F(1, "group", "string"), F(2, "tag", "string"))


class MetricInfo(Message):
    FIELDS = (
        F(1, "name", "message", type="MetricName"),
        F(3, "display_name", "string"),
        F(4, "description", "string"),
        F(5, "dataset_type", "enum"),
    )


class Experiment(Message):
    FIELDS = (
        F(1, "description", "string"),
        F(2, "user", "string"),
        F(3, "time_created_secs", "double"),
        F(4, "hparam_infos", "message", "repeated", "HParamInfo"),
        F(5, "metric_infos", "message", "repeated", "MetricInfo"),
        F(6, "name", "string"),
    )


class SessionStartInfo(Message):
    FIELDS = (
        F(1, "hparams", "message", "map", "Value", "string"),
        F(2, "model_uri", "string"),
        F(3, "monitor_url", "string"),
        F(4, "group_name", "string"),
        F(5, "start_time_secs", "double"),
    )


class SessionEndInfo(Message):
    FIELDS = (F(1, "status", "enum"), F(2, "end_time_secs", "double"))


class HParamsPluginData(Message):
    FIELDS = (
        F(1, "version", "int32"),
        F(2, "experiment", "message", "oneof", "Experiment"),
        F(3, "session_start_info", "message", "oneof", "SessionStartInfo"),
        F(4, "session_end_info", "message", "oneof", "SessionEndInfo"),
    )
    locals().update(oneof_groups({"data": ("experiment", "session_start_info", "session_end_info")}))


# projector config (§6.12), written as protobuf text by the writer
class SpriteMetadata(Message):
    FIELDS = (F(1, "image_path", "string"), F(2, "single_image_dim", "uint32", "repeated"))


class EmbeddingInfo(Message):
    FIELDS = (
        F(1, "tensor_name", "string"),
        F(2, "metadata_path", "string"),
        F(3, "bookmarks_path", "string"),
        F(4, "tensor_shape", "uint32", "repeated"),
        F(5, "sprite", "message", type="SpriteMetadata"),
        F(6, "tensor_path", "string"),
    )


class ProjectorConfig(Message):
    FIELDS = (
        F(1, "model_checkpoint_path", "string"),
        F(2, "embeddings", "message", "repeated", "EmbeddingInfo"),
        F(3, "model_checkpoint_dir", "string"),
    )
