"""`GET /api/events`: the server-sent event stream that tells open pages what changed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from trainboard.server.live import END, Live, sse_message

__all__ = ["HEARTBEAT_SECONDS", "router"]

# A comment line this often keeps proxies and browsers from closing an idle stream.
HEARTBEAT_SECONDS = 15.0

router = APIRouter()

# Stream headers: no caching, and no buffering by reverse proxies (nginx honours X-Accel-Buffering),
# or events would arrive in batches long after they happened. The app adds no gzip for the same reason.
_STREAM_HEADERS = {"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"}


@router.get("/api/events", response_class=StreamingResponse, summary="Server-sent change notices")
async def events(request: Request) -> StreamingResponse:
    """`event: hello`, then `event: change` with `{"generation", "runs", "time"}` whenever data
    changes, and `event: progress` while loading; a comment line every 15 s keeps the stream open."""
    live: Live = request.app.state.live
    return StreamingResponse(_stream(live), media_type="text/event-stream", headers=_STREAM_HEADERS)


async def _stream(live: Live) -> AsyncIterator[bytes]:
    queue = live.subscribe()
    try:
        # retry: reconnect quickly after a server restart instead of the browser's default 3 s.
        hello = {"generation": live.exp.generation, "loading": live.loading, "live": live.live}
        yield b"retry: 1000\n" + sse_message("hello", hello)
        while not live.closing:
            try:
                message = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
            except asyncio.TimeoutError:
                message = b": heartbeat\n\n"
            if message == END:
                return
            yield message
    finally:
        live.unsubscribe(queue)
