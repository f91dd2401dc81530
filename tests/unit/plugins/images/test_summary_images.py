"""Image summaries: torch's layout rules, scaling, and PNG/GIF bytes that decode to the pixels."""

import io

import numpy as np
import pytest
from PIL import Image

from trainboard.plugins.images.summary import convert_to_hwc, encode_png, image, to_uint8, video


def _pixels(data):
    return np.asarray(Image.open(io.BytesIO(data)))


@pytest.mark.parametrize("channels", [3, 4])
def test_png_decodes_to_the_same_pixels(channels):
    hwc = np.random.default_rng(0).integers(0, 256, (7, 5, channels), dtype=np.uint8)
    np.testing.assert_array_equal(_pixels(encode_png(hwc)), hwc)


def test_batches_tile_eight_per_row_with_zero_padding():
    batch = np.ones((10, 1, 2, 3))
    grid = convert_to_hwc(batch, "NCHW")
    assert grid.shape == (4, 24, 3)
    assert grid[2:, 6:].sum() == 0 and grid[:2].min() == 1


def test_floats_scale_by_255_clip_and_truncate_while_uint8_stays():
    assert to_uint8(np.array([-1.0, 0.5, 0.999, 2.0])).tolist() == [0, 127, 254, 255]
    assert to_uint8(np.array([7], dtype=np.uint8)).tolist() == [7]


def test_image_records_pre_rescale_size_and_channel_count():
    ((value,),) = [image("t", np.zeros((2, 4, 3)), dataformats="HWC").value]
    assert (value.image.height, value.image.width, value.image.colorspace) == (2, 4, 3)


def test_video_is_a_looping_gif_at_the_given_fps():
    clips = np.zeros((1, 3, 3, 4, 4), dtype=np.uint8)
    clips[0, 1] = 255
    (value,) = video("v", clips, fps=5).value
    gif = Image.open(io.BytesIO(value.image.encoded_image_string))
    assert gif.n_frames == 3 and gif.info["duration"] == 200 and gif.info["loop"] == 0
    frames = []
    for t in range(3):
        gif.seek(t)
        frames.append(np.asarray(gif.convert("RGB")))
    assert [f.min() for f in frames] == [0, 255, 0] and [f.max() for f in frames] == [0, 255, 0]


def test_video_rejects_a_wrong_rank_naming_the_expected_layout():
    with pytest.raises(ValueError, match=r"expected 5 dims \(N, T, C, H, W\)"):
        video("v", np.zeros((3, 4, 4)))


@pytest.mark.parametrize(
    ("shape", "dataformats", "suggested"), [((8, 6, 3), "CHW", "'HWC'"), ((2, 8, 6, 3), "NCHW", "'NHWC'")]
)
def test_a_channels_last_image_under_the_chw_default_names_the_dataformats_to_pass(
    shape, dataformats, suggested
):
    with pytest.raises(ValueError, match=f"has 8 channels.*pass dataformats={suggested}"):
        convert_to_hwc(np.zeros(shape), dataformats)


def test_an_image_with_an_impossible_channel_count_says_what_is_allowed():
    with pytest.raises(ValueError, match=r"has 7 channels \(C in HWC\) but needs 1, 3 or 4$"):
        convert_to_hwc(np.zeros((8, 6, 7)), "HWC")
