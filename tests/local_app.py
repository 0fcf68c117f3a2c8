"""Starting a fake web service (TMDB, KOBIS) on 127.0.0.1: one way for every fake."""

from __future__ import annotations

from aiohttp import web


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    """Run ``app`` on a free local port; (runner, "http://127.0.0.1:<port>"). No access log:
    its lines quote each URL, key included, into the tests' captured logs."""
    runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"
