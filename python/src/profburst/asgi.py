"""Per-request profiling for ASGI apps (Starlette, FastAPI, Django's ASGI handler...): one .prof per
HTTP request.

    from profburst.asgi import ProfilerMiddleware
    app = ProfilerMiddleware(app, profile_dir="prof")   # then: profburst --watch prof/

Many requests run at once on one event loop, and cProfile profiles a thread, not a task. So the
profiler is switched on only while the request's own coroutine runs: each step of it (from one
``await`` that suspends to the next) is bracketed by enable and disable, and what other tasks do in
between is not in this request's profile. A coroutine that resumes shows up as a new call, as
cProfile counts generators. Up to Python 3.11 concurrent requests are each profiled; from 3.12
(one cProfile per process) one at a time, the others run unprofiled and are counted in
``.recorder.skipped_busy``. Lifespan and websocket scopes pass through untouched.
"""
from __future__ import annotations

import os
from typing import Any, Awaitable, Callable, Generator, Optional, Pattern, Union

from .recorder import RequestProfiler, Run, request_name

__all__ = ["ProfilerMiddleware"]


class ProfilerMiddleware:
    """The WSGI middleware's options (``profile_dir``, ``sample``, ``paths``, ``min_ms``, ``max_files``)
    for an ASGI app. The exception of a request that raises is written into its profile and
    re-raised as it was; the response is never touched (``receive`` and ``send`` are the server's)."""

    def __init__(self, app: Callable, profile_dir: Union[str, "os.PathLike[str]"] = "prof", sample: int = 1,
                 paths: Union[None, str, Pattern[str]] = None, min_ms: float = 0, max_files: Optional[int] = None) -> None:
        self.app = app
        self.recorder = RequestProfiler(profile_dir, sample=sample, paths=paths, min_ms=min_ms, max_files=max_files)

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope.get("type") != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "") or "/"
        if not self.recorder.wants(path):
            return await self.app(scope, receive, send)
        run = self.recorder.begin()
        if run is None:
            return await self.app(scope, receive, send)
        name = request_name(scope.get("method", "GET"), path)
        try:
            return await Stepped(self.app(scope, receive, send), run)
        finally:
            run.finish(name)


class Stepped:
    """Awaits a coroutine with the profiler on during each of its steps and off in between."""

    def __init__(self, coro: Awaitable[Any], run: Run) -> None:
        self.coro = coro.__await__() if not hasattr(coro, "send") else coro
        self.run = run

    def __await__(self) -> Generator[Any, Any, Any]:
        coro, run = self.coro, self.run
        value: Any = None
        error: Optional[BaseException] = None
        while True:
            on = run.enable()
            try:
                if error is None:
                    yielded = coro.send(value)
                else:
                    yielded = coro.throw(error)
            except StopIteration as stop:
                return stop.value
            finally:
                if on:
                    run.disable()
            try:
                value, error = (yield yielded), None
            except GeneratorExit:
                coro.close()
                raise
            except BaseException as e:  # cancellation and the like: into the coroutine, as await does
                value, error = None, e
