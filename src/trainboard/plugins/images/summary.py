"""Images as summaries: torch's layout rules (spec event-format.md §6.3-6.4), encoded with Pillow.

Arrays become HWC uint8 exactly as torch makes them (so pixels are equal), then PNG, written
with a low zlib level: images are logged often and read rarely, and any valid PNG decodes to
the same pixels. Boxes and rescaling are drawn with Pillow; videos become an animated GIF with
Pillow, without moviepy.
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from typing import Any

import numpy as np

from trainboard.events import messages as m

__all__ = [
    "convert_to_hwc",
    "figure_to_chw",
    "image",
    "image_boxes",
    "make_grid",
    "to_uint8",
    "video",
]

PNG_COMPRESS_LEVEL = 1  # zlib level 1: several times faster than level 6, a little larger
_COLORSPACE_MODES = {3: "RGB", 4: "RGBA"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_COLOR_TYPES = {3: 2, 4: 6}  # truecolour, truecolour with alpha


def convert_to_hwc(array: np.ndarray, dataformats: str) -> np.ndarray:
    """Rearrange ``array`` to HWC with 3 (or 4) channels; N images are tiled into a grid of 8 columns.

    convert_to_hwc(np.zeros((3, 8, 8)), "CHW").shape        # (8, 8, 3)
    convert_to_hwc(np.zeros((10, 1, 8, 8)), "NCHW").shape   # (16, 64, 3)
    """
    fmt = str(dataformats).upper()
    if len(set(fmt)) != len(fmt) or not fmt or set(fmt) - set("NCHW"):
        raise ValueError(
            f"dataformats={dataformats!r} is not valid; "
            "use distinct letters from N, C, H, W such as 'CHW' or 'NCHW'"
        )
    if array.ndim != len(fmt):
        raise ValueError(
            f"img_tensor has shape {tuple(array.shape)} ({array.ndim} dims) but dataformats={dataformats!r} "
            f"has {len(fmt)}; pass matching dataformats"
        )
    if len(fmt) == 4:
        _check_channels(array, fmt, ok=(1, 3))
        return make_grid(array.transpose([fmt.find(c) for c in "NCHW"])).transpose(1, 2, 0)
    if len(fmt) == 3:
        if set(fmt) != set("HWC"):
            raise ValueError(f"dataformats={dataformats!r} needs the letters H, W and C for a 3-d image")
        _check_channels(array, fmt, ok=(1, 3, 4))
        hwc = array.transpose([fmt.find(c) for c in "HWC"])
        if hwc.shape[2] == 1:
            hwc = np.concatenate([hwc, hwc, hwc], 2)
        return hwc
    if len(fmt) == 2 and set(fmt) == set("HW"):
        hw = array.transpose([fmt.find(c) for c in "HW"])
        return np.stack([hw, hw, hw], 2)
    raise ValueError(f"dataformats={dataformats!r} is not valid; use 'HW', 'HWC', 'CHW' or 'NCHW'")


def _check_channels(array: np.ndarray, fmt: str, ok: tuple[int, ...]) -> None:
    channels = array.shape[fmt.find("C")]
    if channels in ok:
        return
    hint = ""
    # The usual cause: an HWC array (PIL, OpenCV, matplotlib) passed with torch's CHW default.
    if array.shape[-1] in ok and fmt.endswith(("HW", "WH")):
        hint = f"; if channels come last, pass dataformats={fmt.replace('C', '')[:-2] + 'HWC'!r}"
    shown = ", ".join(map(str, ok[:-1])) + f" or {ok[-1]}"
    raise ValueError(
        f"img_tensor of shape {tuple(array.shape)} has {channels} channels (C in {fmt}) but needs "
        f"{shown}{hint}"
    )


def make_grid(images: np.ndarray, ncols: int = 8) -> np.ndarray:
    """Tile NCHW images (C = 1 or 3) into one CHW image, ``ncols`` per row, zero-filled."""
    if images.ndim == 4 and images.shape[1] == 1:
        images = np.concatenate([images, images, images], 1)
    if images.ndim != 4 or images.shape[1] != 3:
        raise ValueError(
            f"img_tensor has {images.shape[1] if images.ndim == 4 else '?'} channels; "
            "a batch of images needs 1 or 3 channels (C in NCHW)"
        )
    n, _, h, w = images.shape
    ncols = min(n, ncols)
    nrows = math.ceil(n / ncols) if n else 0
    canvas = np.zeros((3, h * nrows, w * ncols), dtype=images.dtype)
    for i in range(n):
        y, x = divmod(i, ncols)
        canvas[:, y * h : (y + 1) * h, x * w : (x + 1) * w] = images[i]
    return canvas


def to_uint8(array: np.ndarray) -> np.ndarray:
    """Scale to uint8 as torch does: uint8 stays, anything else is x*255 in float32, clipped, truncated."""
    if array.dtype == np.uint8:
        return array
    return (array.astype(np.float32) * 255).clip(0, 255).astype(np.uint8)


def encode_png(hwc: np.ndarray) -> bytes:
    """PNG bytes of an HWC uint8 image with 3 (RGB) or 4 (RGBA) channels.

    Written with zlib directly rather than Pillow: Pillow tries every row filter, which makes
    it several times slower on the small images logged each step. Every row uses filter 0
    (none); the file is a little larger and decodes to the same pixels.
    """
    height, width, channels = hwc.shape
    rows = np.empty((height, width * channels + 1), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none" for each row
    rows[:, 1:] = hwc.reshape(height, width * channels)
    header = struct.pack(">IIBBBBB", width, height, 8, _PNG_COLOR_TYPES[channels], 0, 0, 0)
    return b"".join(
        (
            _PNG_SIGNATURE,
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_COMPRESS_LEVEL)),
            _png_chunk(b"IEND", b""),
        )
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _image_proto(
    hwc: np.ndarray, rescale: float = 1, boxes: Any = None, labels: Any = None
) -> m.SummaryImage:
    height, width, channels = hwc.shape
    if channels not in _COLORSPACE_MODES:
        raise ValueError(f"img_tensor has {channels} channels; an image needs 1, 3 or 4 channels")
    if boxes is None and rescale == 1:
        data = encode_png(hwc)
    else:
        from PIL import Image

        picture = Image.fromarray(np.ascontiguousarray(hwc))
        if boxes is not None:
            _draw_boxes(picture, boxes, labels)
        picture = picture.resize((int(width * rescale), int(height * rescale)), Image.Resampling.LANCZOS)
        data = encode_png(np.asarray(picture))
    # Height and width are the sizes before rescaling, as torch records them.
    return m.SummaryImage(height=height, width=width, colorspace=channels, encoded_image_string=data)


def image(tag: str, array: np.ndarray, rescale: float = 1, dataformats: str = "NCHW") -> m.Summary:
    """A `Summary` with one PNG image (a grid for batches), as torch's ``summary.image`` builds it."""
    hwc = to_uint8(convert_to_hwc(array, dataformats))
    return m.Summary(value=[m.SummaryValue(tag=tag, image=_image_proto(hwc, rescale))])


def image_boxes(
    tag: str,
    array: np.ndarray,
    boxes: np.ndarray,
    rescale: float = 1,
    dataformats: str = "CHW",
    labels: Any = None,
) -> m.Summary:
    """A `Summary` with one image on which each box (xmin, ymin, xmax, ymax) is drawn in red."""
    boxes = np.asarray(boxes)
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError(
            f"box_tensor has shape {tuple(boxes.shape)}; expected (N, 4) rows of xmin, ymin, xmax, ymax"
        )
    if isinstance(labels, str):
        labels = [labels]
    if labels is not None and len(labels) != boxes.shape[0]:
        labels = None  # torch ignores labels whose count does not match the boxes
    hwc = to_uint8(convert_to_hwc(array, dataformats))
    proto = _image_proto(hwc, rescale, boxes=boxes, labels=labels)
    return m.Summary(value=[m.SummaryValue(tag=tag, image=proto)])


def _draw_boxes(picture: Any, boxes: np.ndarray, labels: Any) -> None:
    from PIL import ImageDraw, ImageFont

    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default()
    for i, (left, top, right, bottom) in enumerate(boxes.tolist()):
        corners = [(left, top), (left, bottom), (right, bottom), (right, top), (left, top)]
        draw.line(corners, width=2, fill="Red")
        text = None if labels is None else labels[i]
        if text:
            x0, y0, x1, y1 = font.getbbox(text)
            text_width, text_height = x1 - x0, y1 - y0
            margin = math.ceil(0.05 * text_height)
            draw.rectangle(
                [(left, bottom - text_height - 2 * margin), (left + text_width, bottom)], fill="Red"
            )
            draw.text((left + margin, bottom - text_height - margin), text, fill="black", font=font)


def figure_to_chw(figures: Any, close: bool = True) -> np.ndarray:
    """Render a matplotlib figure (CHW uint8) or a list of them (NCHW) with the Agg canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    def render(figure: Any) -> np.ndarray:
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba(), dtype=np.uint8)
        chw = np.moveaxis(rgba[:, :, :3], 2, 0).copy()
        if close:
            import matplotlib.pyplot as plt

            plt.close(figure)
        return chw

    if isinstance(figures, list):
        return np.stack([render(f) for f in figures])
    return render(figures)


def video_frames(array: np.ndarray) -> np.ndarray:
    """N,T,C,H,W clips -> T,H',W',C uint8 frames: clips tiled in a near-square power-of-two grid."""
    if array.ndim != 5:
        raise ValueError(f"vid_tensor has shape {tuple(array.shape)}; expected 5 dims (N, T, C, H, W)")
    n, t, c, h, w = array.shape
    if c not in (1, 3, 4):
        raise ValueError(f"vid_tensor has {c} channels (dim 2 of N, T, C, H, W); expected 1, 3 or 4")
    if array.dtype == np.uint8:
        array = np.float32(array) / 255.0
    if n & (n - 1):
        padding = np.zeros((2 ** n.bit_length() - n, t, c, h, w), dtype=array.dtype)
        array = np.concatenate([array, padding], axis=0)
    rows = 2 ** ((n.bit_length() - 1) // 2)
    cols = array.shape[0] // rows
    grid = array.reshape(rows, cols, t, c, h, w).transpose(2, 0, 4, 1, 5, 3).reshape(t, rows * h, cols * w, c)
    return to_uint8(grid)


def encode_gif(frames: np.ndarray, fps: float) -> bytes:
    """An endlessly looping animated GIF of T,H,W,C uint8 frames."""
    from PIL import Image

    if frames.shape[-1] == 1:
        frames = np.repeat(frames, 3, axis=-1)
    pictures = [Image.fromarray(np.ascontiguousarray(f[..., :3])) for f in frames]
    buf = io.BytesIO()
    duration_ms = max(1, round(1000 / fps))
    pictures[0].save(
        buf,
        format="GIF",
        save_all=True,
        append_images=pictures[1:],
        duration=duration_ms,
        loop=0,
        optimize=False,
    )
    return buf.getvalue()


def video(tag: str, array: np.ndarray, fps: float = 4) -> m.Summary:
    """A `Summary` with one animated GIF of N clips of T frames (N, T, C, H, W)."""
    if fps <= 0:
        raise ValueError(f"fps={fps!r} must be positive")
    frames = video_frames(array)
    t, height, width, channels = frames.shape
    if t == 0:
        raise ValueError("vid_tensor has no frames (T = 0); a video needs at least one frame")
    proto = m.SummaryImage(
        height=height, width=width, colorspace=channels, encoded_image_string=encode_gif(frames, fps)
    )
    return m.Summary(value=[m.SummaryValue(tag=tag, image=proto)])
