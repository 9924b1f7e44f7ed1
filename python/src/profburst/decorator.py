"""``profile_requests``: the README's cProfile decorator for one handler, one .prof per call.

    @app.route("/report")
    @profile_requests(profile_dir="prof")     # or bare: @profile_requests
    def report(): ...

writes ``prof/report.42ms.1701234567.123456.prof`` for each call, with the middlewares' options
(``sample``, ``min_ms``, ``max_files``; see recorder.py). Coroutine functions are profiled step by
step, as the ASGI middleware does. A call that raises is written, and the exception re-raised.
"""
from __future__ import annotations

import functools
import inspect
import os
from typing import Any, Callable, Optional, TypeVar, Union

from .asgi import Stepped
from .recorder import RequestProfiler, _safe_part

F = TypeVar("F", bound=Callable[..., Any])


def profile_requests(func: Optional[F] = None, *, profile_dir: Union[str, "os.PathLike[str]"] = "prof", sample: int = 1,
                     min_ms: float = 0, max_files: Optional[int] = None) -> Any:
    def decorate(fn: F) -> F:
        recorder = RequestProfiler(profile_dir, sample=sample, min_ms=min_ms, max_files=max_files)
        name = _safe_part(getattr(fn, "__qualname__", None) or getattr(fn, "__name__", "handler"))

        if inspect.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def profiled_async(*args: Any, **kwargs: Any) -> Any:
                run = recorder.begin() if recorder.wants("") else None
                if run is None:
                    return await fn(*args, **kwargs)
                try:
                    return await Stepped(fn(*args, **kwargs), run)
                finally:
                    run.finish(name)
            profiled_async.recorder = recorder  # type: ignore[attr-defined]
            return profiled_async  # type: ignore[return-value]

        @functools.wraps(fn)
        def profiled(*args: Any, **kwargs: Any) -> Any:
            run = recorder.begin() if recorder.wants("") else None
            if run is None:
                return fn(*args, **kwargs)
            on = run.enable()
            try:
                return fn(*args, **kwargs)
            finally:
                if on:
                    run.disable()
                run.finish(name)
        profiled.recorder = recorder  # type: ignore[attr-defined]
        return profiled  # type: ignore[return-value]

    return decorate(func) if func is not None else decorate
