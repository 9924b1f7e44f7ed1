"""What the WSGI and ASGI middlewares and ``profile_requests`` share: which requests to profile, one
cProfile.Profile per profiled request, and one .prof per request written without overwriting.

cProfile and threads: up to Python 3.11 a profiler hooks one thread (sys.setprofile), so requests
on different threads are each profiled on their own. From 3.12 cProfile sits on sys.monitoring:
one profiler at a time in the whole process, and it records every thread. So from 3.12 one
request is profiled at a time; a request that arrives meanwhile runs unprofiled, never waits, and
is counted in ``skipped_busy``. The same holds on any version in a thread that already has a
profiler (an outer cProfile run): ours would replace it.

Files: ``GET.api.users.42ms.1701234567.123456.prof`` (werkzeug's names, the stamp to the
microsecond). The data goes to a hidden temporary file first, then is linked to its name, which
fails instead of replacing a file that exists (then ``.1``, ``.2``... is added): a reader
watching the folder never sees half a file, and no request's file replaces another's.
"""
from __future__ import annotations

import cProfile
import marshal
import os
import re
import sys
import tempfile
import threading
import time
import warnings
from typing import Optional, Pattern, Union

#: from 3.12 one cProfile at a time per process (sys.monitoring's profiler tool id)
ONE_PROFILER_PER_PROCESS = sys.version_info >= (3, 12)
_process_slot = threading.Lock()

#: the names this module writes (max_files deletes only these)
NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.\d+ms\.\d+\.\d{6}(\.\d+)?\.prof$")


def _safe_part(text: str, limit: int = 100) -> str:
    """A path or method as one file-name part: letters, digits, ``_ - .``; anything else ``_``."""
    text = re.sub(r"[^A-Za-z0-9_.-]", "_", text)[:limit]
    return text.strip(".") or "root"


def request_name(method: str, path: str) -> str:
    """werkzeug's ``{method}.{path}``: the path without its outer slashes, inner ones as dots."""
    return "%s.%s" % (_safe_part(method, 20), _safe_part(path.strip("/").replace("/", ".")))


class RequestProfiler:
    """Decides, profiles and writes. Thread-safe: counters and the sampling count under a lock."""

    def __init__(self, profile_dir: Union[str, "os.PathLike[str]"] = "prof", sample: int = 1,
                 paths: Union[None, str, Pattern[str]] = None, min_ms: float = 0, max_files: Optional[int] = None) -> None:
        if not isinstance(sample, int) or sample < 1:
            raise ValueError("sample must be a whole number >= 1 (profile one request in `sample`)")
        if max_files is not None and (not isinstance(max_files, int) or max_files < 1):
            raise ValueError("max_files must be None or a whole number >= 1")
        self.profile_dir = os.fspath(profile_dir)
        self.sample = sample
        self.paths = re.compile(paths) if isinstance(paths, str) else paths
        self.min_ms = float(min_ms)
        self.max_files = max_files
        self._lock = threading.Lock()
        self._seen = 0
        #: requests seen, profiled, written; skipped because another profiler was running; write failures
        self.requests = self.profiled = self.written = self.skipped_busy = self.write_errors = 0
        self.error: Optional[str] = self._check_dir()
        if self.error:
            warnings.warn("profburst: not profiling requests: %s" % self.error, RuntimeWarning, stacklevel=3)
            print("profburst: not profiling requests: %s" % self.error, file=sys.stderr)

    def _check_dir(self) -> Optional[str]:
        try:
            os.makedirs(self.profile_dir, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=".profburst-", suffix=".tmp", dir=self.profile_dir)
            os.close(fd)
            os.unlink(probe)
        except OSError as e:
            return "cannot write profiles to %s (%s)" % (os.path.abspath(self.profile_dir), e.strerror or e)
        return None

    def wants(self, path: str) -> bool:
        """Whether this request is to be profiled: the path matches and it is the sample's turn."""
        if self.error:
            return False
        if self.paths is not None and not self.paths.search(path):
            return False
        with self._lock:
            self.requests += 1
            self._seen += 1
            return (self._seen - 1) % self.sample == 0

    def begin(self) -> Optional["Run"]:
        """A started profile, or None when a profiler is already running where this one would
        (counted in skipped_busy; the request then runs unprofiled, without waiting)."""
        if ONE_PROFILER_PER_PROCESS:
            # another cProfile (the user's own, an outer run) holds the profiler tool id: skip
            if sys.monitoring.get_tool(sys.monitoring.PROFILER_ID) is not None or not _process_slot.acquire(blocking=False):  # type: ignore[attr-defined]
                self._count_busy()
                return None
        elif sys.getprofile() is not None:
            self._count_busy()
            return None
        run = Run(self)
        with self._lock:
            self.profiled += 1
        return run

    def _count_busy(self) -> None:
        with self._lock:
            self.skipped_busy += 1

    def write(self, profile: cProfile.Profile, name: str, elapsed_ms: float, started: float) -> Optional[str]:
        """The .prof for one request, unless faster than min_ms; returns its path."""
        if elapsed_ms < self.min_ms:
            return None
        profile.create_stats()
        data = marshal.dumps(profile.stats)  # what Profile.dump_stats writes
        base = "%s.%.0fms.%.6f" % (name, elapsed_ms, started)
        try:
            path = _write_new(self.profile_dir, base, data)
        except OSError as e:
            with self._lock:
                self.write_errors += 1
                first = self.write_errors == 1
            if first:
                print("profburst: could not write a profile to %s (%s); requests go on" % (self.profile_dir, e.strerror or e),
                      file=sys.stderr)
            return None
        with self._lock:
            self.written += 1
        if self.max_files is not None:
            self._prune()
        return path

    def _prune(self) -> None:
        """Deletes the oldest of this middleware's files (by their names' pattern) beyond max_files."""
        with self._lock:
            try:
                names = [n for n in os.listdir(self.profile_dir) if NAME.match(n)]
            except OSError:
                return
            if len(names) <= self.max_files:  # type: ignore[operator]
                return
            dated = []
            for n in names:
                try:
                    dated.append((os.stat(os.path.join(self.profile_dir, n)).st_mtime_ns, n))
                except OSError:
                    pass
            dated.sort()
            for _, n in dated[: len(dated) - self.max_files]:  # type: ignore[operator]
                try:
                    os.unlink(os.path.join(self.profile_dir, n))
                except OSError:
                    pass


def _write_new(folder: str, base: str, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(prefix=".profburst-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        for n in range(1000):
            path = os.path.join(folder, base + (".%d" % n if n else "") + ".prof")
            try:
                os.link(tmp, path)  # fails when the name exists: nothing is ever replaced
                return path
            except FileExistsError:
                continue
            except OSError:
                # no hard links here (some network and FAT filesystems): exclusive create
                try:
                    with open(path, "xb") as f:
                        f.write(data)
                    return path
                except FileExistsError:
                    continue
        raise OSError("no free file name for %s" % base)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


class Run:
    """One request's profile. ``enable``/``disable`` bracket the request's own work (a WSGI body's
    iterations, an ASGI coroutine's steps); ``finish`` writes it and frees the slot, once."""

    def __init__(self, recorder: RequestProfiler) -> None:
        self.recorder = recorder
        self.profile = cProfile.Profile()
        self.started = time.time()
        self._t0 = time.perf_counter()
        self._done = False

    def enable(self) -> bool:
        if sys.getprofile() is not None and not ONE_PROFILER_PER_PROCESS:
            return False  # someone else's profiler in this thread now: leave it alone
        try:
            self.profile.enable()
            return True
        except ValueError:  # 3.12+: another tool holds the profiler id
            return False

    def disable(self) -> None:
        self.profile.disable()

    def finish(self, name: str) -> Optional[str]:
        if self._done:
            return None
        self._done = True
        elapsed_ms = (time.perf_counter() - self._t0) * 1000
        try:
            return self.recorder.write(self.profile, name, elapsed_ms, self.started)
        finally:
            if ONE_PROFILER_PER_PROCESS:
                _process_slot.release()
