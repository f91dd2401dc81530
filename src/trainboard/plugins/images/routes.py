"""HTTP routes for the Images dashboard (`add_image`, `add_images`, `add_figure`, boxes, `add_video` GIFs).

A series lists every logged step, not a sample, and names its images by blob id only: listing reads no
image bytes, so opening a tag with 10,000 steps costs one small JSON answer. The browser fetches the
bytes of the step it shows from the core `/api/blob/{id}` route. Per step, the store holds TensorBoard's
blob sequence `[width, height, image, image, ...]`; the first two are the ASCII sizes of the first image.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from PIL import Image, UnidentifiedImageError

from trainboard.plugins.context import (
    ExperimentDep,
    JSONResponse,
    Run,
    Sample,
    Step,
    Tag,
    TBBlobKey,
    TBRun,
    TBTag,
    api_responses,
    blob_listing,
    find_step,
    json_object,
    max_blobs,
    samples_cap,
    step_answer,
)
from trainboard.plugins.images.metadata import PLUGIN_NAME, SIZE_BLOBS
from trainboard.plugins.tb_data import (
    BLOB_CACHE,
    TBJSONResponse,
    read_blob_by_key,
    tags_route,
    tb_blob_series,
)
from trainboard.store.blobs import sniff_content_type

if TYPE_CHECKING:
    from trainboard.store import Experiment
    from trainboard.store.series import BlobSequenceDatum

router = APIRouter()


def image_content_type(data: bytes) -> str:
    """The MIME type of encoded image bytes by their signature."""
    return sniff_content_type(data)


def image_info(data: bytes) -> dict[str, Any]:
    """Size, type and frame count of one encoded image, read from its header only.

    An animated GIF (what `add_video` writes) has `frames > 1`; bytes Pillow cannot identify give
    None for the size so the card can still offer the download.
    """
    info: dict[str, Any] = {"content_type": image_content_type(data), "width": None, "height": None}
    info["frames"] = 1
    try:
        with Image.open(io.BytesIO(data)) as img:
            info["width"], info["height"] = img.size
            info["frames"] = int(getattr(img, "n_frames", 1))
    except (UnidentifiedImageError, OSError, ValueError):
        pass
    return info


def image_blob_ids(datum: BlobSequenceDatum) -> list[str]:
    """The ids of the images of one step, without the two size blobs."""
    return [ref.blob_id for ref in datum.blobs[SIZE_BLOBS:]]


def images_impl(exp: Experiment, run: str, tag: str, *, cap: int | None = None) -> dict[str, Any]:
    """Every step (or `cap` evenly spread steps) of one image series with wall time and image blob ids."""
    return blob_listing(exp, run, tag, cap=cap, ids=image_blob_ids)


def image_step_impl(exp: Experiment, run: str, tag: str, *, step: int) -> dict[str, Any]:
    """Size, type and frame count of each image logged at one step (reads that step's bytes only)."""
    datum = find_step(exp.blob_series(run, tag), step, "images")
    images = []
    for ref in datum.blobs[SIZE_BLOBS:]:
        images.append(
            {"blob_id": ref.blob_id, "length": int(ref.length), **image_info(exp.read_blob(ref.blob_id))}
        )
    return step_answer(run, tag, datum, images=images)


@router.get(
    "/api/images",
    summary="Every step of an image series, with the blob ids of its images",
    responses=api_responses(json_object("run", "tag", "total", "samples", "step", "wall_time", "blobs")),
)
def images_route(request: Request, exp: ExperimentDep, run: Run, tag: Tag) -> JSONResponse:
    return JSONResponse(images_impl(exp, run, tag, cap=samples_cap(request, PLUGIN_NAME)))


@router.get(
    "/api/images/step",
    summary="The images of one step: ids, sizes and formats",
    responses=api_responses(json_object("run", "tag", "step", "wall_time", "images")),
)
def image_step_route(exp: ExperimentDep, run: Run, tag: Tag, step: Step) -> JSONResponse:
    return JSONResponse(image_step_impl(exp, run, tag, step=step))


# -- TensorBoard's routes, same shapes (docs/tensorboard-api.md) -------------------------------------


def _samples(exp: Experiment, run: str, tag: str) -> int:
    return max_blobs(exp, run, tag) - SIZE_BLOBS


router.add_api_route(
    "/data/plugin/images/tags",
    tags_route(PLUGIN_NAME, samples=_samples),
    summary="TensorBoard's image tags answer, with samples per step",
)


@router.get("/data/plugin/images/images", summary="TensorBoard's [{wall_time, step, query}] of one sample")
def tb_images(
    request: Request, exp: ExperimentDep, run: TBRun = None, tag: TBTag = None, sample: Sample = 0
) -> TBJSONResponse:
    return TBJSONResponse(
        [
            {
                "wall_time": d.wall_time,
                "step": d.step,
                "query": urlencode({"blob_key": d.blobs[sample + SIZE_BLOBS].blob_id}),
            }
            for d in tb_blob_series(request, exp, PLUGIN_NAME, run, tag)
            if len(d.blobs) - SIZE_BLOBS > sample >= 0
        ]
    )


@router.get("/data/plugin/images/individualImage", summary="The bytes of one image, by its query")
def tb_individual_image(exp: ExperimentDep, blob_key: TBBlobKey = None) -> Response:
    data = read_blob_by_key(exp, blob_key)
    return Response(data, media_type=image_content_type(data), headers={"Cache-Control": BLOB_CACHE})
