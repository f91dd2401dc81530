"""`trainboard.summary`: torch's builder names, usable with `file_writer.add_summary`."""

import numpy as np
import pytest

from trainboard import SummaryWriter
from trainboard import summary as tb_summary
from trainboard.events import messages as m


def test_hparams_summaries_can_be_written_by_hand_as_frameworks_do(tmp_path):
    exp, ssi, sei = tb_summary.hparams({"lr": 0.1}, {"hp_metric": 0.0})
    with SummaryWriter(str(tmp_path)) as writer:
        for s in (exp, ssi, sei):
            writer.file_writer.add_summary(s)
    from trainboard.events.records import iter_file_records

    (path,) = tmp_path.glob("events.out.tfevents.*")
    tags = [m.Event.decode(r).summary.value[0].tag for r in list(iter_file_records(str(path)))[1:]]
    assert tags == ["_hparams_/experiment", "_hparams_/session_start_info", "_hparams_/session_end_info"]


@pytest.mark.parametrize("dtype", ["float16", "uint8", "complex64", "int8"])
def test_tensor_proto_reads_back_in_tensorboard(dtype):
    torch = pytest.importorskip("torch")
    tensor_util = pytest.importorskip("tensorboard.util.tensor_util")
    from tensorboard.compat.proto.tensor_pb2 import TensorProto

    source = torch.tensor([[0.5, -2.0], [3.0, 1.25]])
    if dtype == "uint8":
        source = torch.tensor([[0, 7], [200, 255]])
    if dtype == "int8":
        source = torch.tensor([[-128, 7], [0, 127]])
    if dtype == "complex64":
        source = torch.tensor([[1 + 2j, -3j], [0.5, 1]])
    tensor = source.to(getattr(torch, dtype))
    (value,) = tb_summary.tensor_proto("t", tensor).value
    assert value.metadata.plugin_data.plugin_name == "tensor"
    decoded = tensor_util.make_ndarray(TensorProto.FromString(value.tensor.encode()))
    np.testing.assert_array_equal(decoded, tensor.numpy())
    assert decoded.shape == (2, 2)


def test_bfloat16_is_stored_as_its_16_bit_patterns():
    # TensorBoard's own make_ndarray cannot decode bfloat16 without TensorFlow, so check the bits.
    torch = pytest.importorskip("torch")
    (value,) = tb_summary.tensor_proto("t", torch.tensor([1.0, -2.0], dtype=torch.bfloat16)).value
    assert value.tensor.dtype == m.DT_BFLOAT16
    assert value.tensor.half_val == [0x3F80, 0xC000]


def test_tensor_proto_refuses_object_arrays():
    with pytest.raises(ValueError, match="unsupported dtype object"):
        tb_summary.tensor_proto("t", np.array([object()]))


def test_tensor_proto_refuses_text_naming_the_argument():
    with pytest.raises(TypeError, match="tensor must be numeric; got str"):
        tb_summary.tensor_proto("t", "0.5")


def test_a_bfloat16_tensor_hyperparameter_is_recorded_as_its_number():
    torch = pytest.importorskip("torch")
    from trainboard.plugins.hparams.metadata import parse_plugin_data

    _, ssi, _ = tb_summary.hparams({"lr": torch.tensor(0.5, dtype=torch.bfloat16)}, {"hp_metric": 0.0})
    data = parse_plugin_data(ssi.value[0].metadata.plugin_data.content)
    assert data.session_start_info.hparams["lr"].number_value == 0.5
