"""The listening socket lets asyncio turn Nagle's algorithm off on every connection it accepts."""

from __future__ import annotations

import asyncio
import socket

from trainboard.server.serve import bind


def test_accepted_connections_send_small_answers_without_waiting() -> None:
    sock = bind("127.0.0.1", 0, bind_all=False)
    seen: list[int] = []

    async def main() -> None:
        accepted = asyncio.Event()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                conn = transport.get_extra_info("socket")
                seen.append(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                accepted.set()

        server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
        async with server:
            _reader, writer = await asyncio.open_connection(*sock.getsockname()[:2])
            await asyncio.wait_for(accepted.wait(), 10)
            writer.close()

    asyncio.run(main())
    assert seen and seen[0] != 0
