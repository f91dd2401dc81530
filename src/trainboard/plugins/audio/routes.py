"""HTTP routes for the Audio dashboard: every logged step, a player per clip, its label and sample rate.

Like images, listing a series names clips by blob id and reads no audio bytes; the browser's <audio>
element fetches the one it plays from `/api/blob/{id}`. The sample rate, channels and length are not
kept by TensorBoard's blob sequence, so they are read from the clip's own WAV header, one step at a time.
"""

from __future__ import annotations

import io
import wave
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from trainboard.events.wire import DecodeError
from trainboard.plugins.audio.metadata import ENCODING_WAV, PLUGIN_NAME, parse_plugin_data
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
    Word,
    api_responses,
    blob_listing,
    find_step,
    json_object,
    max_blobs,
    samples_cap,
    step_answer,
)
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

router = APIRouter()


def audio_content_type(data: bytes, plugin_content: bytes = b"") -> str:
    """The MIME type of a clip: from its bytes, else from the series' `AudioPluginData.encoding`."""
    sniffed = sniff_content_type(data)
    if sniffed.startswith("audio/"):
        return sniffed
    return declared_content_type(plugin_content)


def declared_content_type(plugin_content: bytes) -> str:
    """The MIME type the series' `AudioPluginData.encoding` declares (what TensorBoard answers)."""
    try:
        encoding = parse_plugin_data(plugin_content).encoding if plugin_content else 0
    except DecodeError:
        encoding = 0
    return "audio/wav" if encoding == ENCODING_WAV else "application/octet-stream"


def wav_info(data: bytes) -> dict[str, Any]:
    """Sample rate (Hz), channels, bits per sample, frames and duration (s) from a PCM WAV header.

    Other containers, and WAV files Python's `wave` cannot read (float samples), give None for each.

        >>> wav_info(open("clip.wav", "rb").read())["sample_rate"]   # doctest: +SKIP
        44100
    """
    info: dict[str, Any] = dict.fromkeys(("sample_rate", "channels", "bits_per_sample", "frames", "duration"))
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            rate, frames = w.getframerate(), w.getnframes()
            info.update(
                sample_rate=rate,
                channels=w.getnchannels(),
                bits_per_sample=8 * w.getsampwidth(),
                frames=frames,
                duration=frames / rate if rate else None,
            )
    except (wave.Error, EOFError, ValueError):
        pass
    return info


def audio_impl(exp: Experiment, run: str, tag: str, *, cap: int | None = None) -> dict[str, Any]:
    """Every step (or `cap` evenly spread steps) of one audio series with wall time and clip blob ids."""
    return blob_listing(exp, run, tag, cap=cap, ids=lambda d: [ref.blob_id for ref in d.blobs])


def audio_step_impl(exp: Experiment, run: str, tag: str, *, step: int) -> dict[str, Any]:
    """Type, sample rate, channels, duration and Markdown label of each clip logged at one step.

    `description` is the tag's summary description; each clip's `label` is the text logged with it
    (column 1 of a TF2 `[k, 2]` audio tensor), "" when there is none.
    """
    datum = find_step(exp.blob_series(run, tag), step, "audio")
    info = exp.tag_infos(PLUGIN_NAME).get(run, {}).get(tag)
    content = info.plugin_content if info is not None else b""
    labels = datum.labels
    clips = []
    for i, ref in enumerate(datum.blobs):
        data = exp.read_blob(ref.blob_id)
        clips.append(
            {
                "blob_id": ref.blob_id,
                "length": int(ref.length),
                "content_type": audio_content_type(data, content),
                **wav_info(data),
                "label": labels[i] if i < len(labels) else "",
            }
        )
    description = info.description if info is not None else ""
    return step_answer(run, tag, datum, description=description, clips=clips)


@router.get(
    "/api/audio",
    summary="Every step of an audio series, with the blob ids of its clips",
    responses=api_responses(json_object("run", "tag", "total", "samples", "step", "wall_time", "blobs")),
)
def audio_route(request: Request, exp: ExperimentDep, run: Run, tag: Tag) -> JSONResponse:
    return JSONResponse(audio_impl(exp, run, tag, cap=samples_cap(request, PLUGIN_NAME)))


@router.get(
    "/api/audio/step",
    summary="The clips of one step: ids, formats and lengths",
    responses=api_responses(json_object("run", "tag", "step", "wall_time", "description", "clips")),
)
def audio_step_route(exp: ExperimentDep, run: Run, tag: Tag, step: Step) -> JSONResponse:
    return JSONResponse(audio_step_impl(exp, run, tag, step=step))


# -- TensorBoard's routes, same shapes (docs/tensorboard-api.md) -------------------------------------


router.add_api_route(
    "/data/plugin/audio/tags",
    tags_route(PLUGIN_NAME, samples=max_blobs),
    summary="TensorBoard's audio tags answer, with clips per step",
)


@router.get(
    "/data/plugin/audio/audio", summary="TensorBoard's [{wall_time, label, step, contentType, query}]"
)
def tb_audio(
    request: Request, exp: ExperimentDep, run: TBRun = None, tag: TBTag = None, sample: Sample = 0
) -> TBJSONResponse:
    series = tb_blob_series(request, exp, PLUGIN_NAME, run, tag)
    # TensorBoard takes the type from the series' metadata, never from the bytes.
    content_type = declared_content_type(exp.tag_infos(PLUGIN_NAME)[str(run)][str(tag)].plugin_content)
    return TBJSONResponse(
        [
            {
                "wall_time": d.wall_time,
                "label": "",
                "step": d.step,
                "contentType": content_type,
                "query": urlencode({"blob_key": d.blobs[sample].blob_id, "content_type": content_type}),
            }
            for d in series
            if len(d.blobs) > sample >= 0
        ]
    )


@router.get("/data/plugin/audio/individualAudio", summary="The bytes of one clip, by its query")
def tb_individual_audio(
    exp: ExperimentDep, blob_key: TBBlobKey = None, content_type: Word = None
) -> Response:
    data = read_blob_by_key(exp, blob_key)
    # The type is the one the listing handed out, but never one a browser would run as a page.
    media_type = content_type if content_type in ("audio/wav", "application/octet-stream") else None
    return Response(
        data, media_type=media_type or audio_content_type(data), headers={"Cache-Control": BLOB_CACHE}
    )
