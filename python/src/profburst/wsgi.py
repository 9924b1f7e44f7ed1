"""Per-request profiling for WSGI apps (bottle, Flask, Django, Pyramid...): one .prof per request.

    from profburst.wsgi import ProfilerMiddleware
    app = ProfilerMiddleware(app, profile_dir="prof")   # then: profburst --watch prof/

The request is the app's call and the iteration of the body it returns, up to its ``close()``, so a
streamed body is profiled as it is produced and nothing is buffered: the response goes through
unchanged, chunk by chunk. The profiler runs only inside those calls, not while the server sends.
An exception from the app or its body is written into the profile and re-raised as it was.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Iterator, Optional, Pattern, Union

from .recorder import RequestProfiler, Run, request_name

__all__ = ["ProfilerMiddleware"]


class ProfilerMiddleware:
    """``profile_dir``: where the files go (created if missing; if it cannot be written that is said
    once, here, and requests run unprofiled). ``sample``: profile one request in N. ``paths``: a
    regular expression searched in PATH_INFO; others are not profiled. ``min_ms``: keep only
    requests that took at least this long. ``max_files``: beyond it the oldest are deleted.
    Counters: ``.recorder.requests``, ``profiled``, ``written``, ``skipped_busy``."""

    def __init__(self, app: Callable, profile_dir: Union[str, "os.PathLike[str]"] = "prof", sample: int = 1,
                 paths: Union[None, str, Pattern[str]] = None, min_ms: float = 0, max_files: Optional[int] = None) -> None:
        self.app = app
        self.recorder = RequestProfiler(profile_dir, sample=sample, paths=paths, min_ms=min_ms, max_files=max_files)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        if not self.recorder.wants(path):
            return self.app(environ, start_response)
        run = self.recorder.begin()
        if run is None:
            return self.app(environ, start_response)
        name = request_name(environ.get("REQUEST_METHOD", "GET"), path)
        on = run.enable()
        try:
            body = self.app(environ, start_response)
        except BaseException:
            if on:
                run.disable()
            run.finish(name)
            raise
        if on:
            run.disable()
        wrapper = environ.get("wsgi.file_wrapper")
        if isinstance(body, (list, tuple)) or (isinstance(wrapper, type) and isinstance(body, wrapper)):
            # already made (or a file the server may send by itself): returned as it is
            run.finish(name)
            return body
        return _ProfiledBody(body, run, name)


class _ProfiledBody:
    """The app's body, each ``next()`` profiled; the profile is written when the body ends or is
    closed, whichever comes first (PEP 3333 servers always close)."""

    def __init__(self, body: Iterable[bytes], run: Run, name: str) -> None:
        self._body = body
        self._iter: Optional[Iterator[bytes]] = None
        self._run = run
        self._name = name

    def __iter__(self) -> "_ProfiledBody":
        return self

    def __next__(self) -> bytes:
        on = self._run.enable()
        try:
            if self._iter is None:
                self._iter = iter(self._body)
            return next(self._iter)
        except StopIteration:
            if on:
                on = False
                self._run.disable()
            self._run.finish(self._name)
            raise
        except BaseException:
            if on:
                on = False
                self._run.disable()
            self._run.finish(self._name)
            raise
        finally:
            if on:
                self._run.disable()

    def close(self) -> None:
        close = getattr(self._body, "close", None)
        try:
            if close is not None:
                on = self._run.enable()
                try:
                    close()
                finally:
                    if on:
                        self._run.disable()
        finally:
            self._run.finish(self._name)

    def __len__(self) -> int:
        return len(self._body)  # type: ignore[arg-type]  # TypeError when it has none, as servers expect

    def __getattr__(self, name: str) -> Any:
        # wsgi.file_wrapper and friends: what the server may look for on the body
        return getattr(self._body, name)
