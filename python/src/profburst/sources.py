"""``/__profburst/source?profile=&file=``: the source files a served profile names, for the page's
source view, found under the source roots and nowhere else. The npm CLI's rules
(src/cli/sourceRequest.ts, sourceFiles.ts, sourceNames.ts), so the page gets the same answers
from either server.

A file is served only when the profile names it: a request can never pick an arbitrary path. The
npm CLI reads the profile with its importer; Python reads .prof files with pstats and, for the
other formats, which it cannot parse, looks for the name in the profile's bytes. That is looser
(a name found inside a longer one counts), and is why the roots, checked by real path, are the
boundary that holds in any case.
"""
from __future__ import annotations

import json
import os
import pstats
import re
import stat
import threading
import zlib
from typing import Dict, FrozenSet, List, Optional, Tuple, Union
from urllib.parse import parse_qs, unquote, urlsplit
from urllib.request import pathname2url

from .profiles import looks_like_pstats

SOURCE_PATH = "/__profburst/source"
SOURCE_LIMIT = 16 * 1024 * 1024
NOT_FOUND = (404, b"not found\n")
OUTSIDE = (403, b"forbidden: outside the source roots\n")
# node:internal/..., webpack://..., http://...: a scheme other than file: names no file here
SCHEME = re.compile(r"^[a-z][a-z\d+.-]*:", re.I)
KEEP = 32

Answer = Tuple[int, bytes]

_names: Dict[tuple, FrozenSet[str]] = {}
_found: Dict[tuple, bool] = {}
_lock = threading.Lock()


def real_roots(roots: List[str]) -> List[str]:
    """The roots' real paths, in the order given; a root that does not exist is left out."""
    return [os.path.realpath(r) for r in roots if os.path.isdir(r)]


def _inside(root: str, path: str) -> bool:
    rel = os.path.relpath(path, root)
    return rel != "." and rel != ".." and not rel.startswith(".." + os.sep) and not os.path.isabs(rel)


def answer_source(query: str, profile_file, roots: List[str]) -> Answer:
    """``query`` is the request's text after ``?``; ``profile_file`` the server's own lookup of a
    /profiles/ URL path (None when it serves no such profile); ``roots`` from real_roots()."""
    params = parse_qs(query, keep_blank_values=True)
    profiles, files = params.get("profile", []), params.get("file", [])
    # one of each: with two, which one was checked and which one read could differ
    if len(profiles) != 1 or len(files) != 1:
        return 400, b"bad request: give one profile= and one file=\n"
    profile, name = profiles[0], files[0]
    if not profile.startswith("/profiles/"):
        return NOT_FOUND
    path = profile_file(profile)
    if path is None or not names_file(path, name):
        return NOT_FOUND
    return read_source(name, roots)


def names_file(path: str, name: str) -> bool:
    """Whether the profile at ``path`` names ``name``; kept per path, size and mtime, because the
    page asks once per function it shows."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    key = (path, st.st_size, st.st_mtime_ns)
    with _lock:
        names = _names.get(key)
        found = _found.get(key + (name,))
    if names is not None:
        return name in names
    if found is not None:
        return found
    try:
        with open(path, "rb") as f:
            data = f.read()
        if looks_like_pstats(data[:2]):
            names = _pstats_names(path)
            with _lock:
                _keep(_names, key, names, KEEP)
            return name in names
        if data[:2] == b"\x1f\x8b":
            data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
    except (OSError, zlib.error):
        return False
    found = any(form.encode("utf-8") in data for form in _forms(name))
    with _lock:
        _keep(_found, key + (name,), found, KEEP * 32)
    return found


def _keep(cache: dict, key: tuple, value: object, size: int) -> None:
    if len(cache) >= size:
        del cache[next(iter(cache))]  # dicts keep insertion order: the first key is the oldest
    cache[key] = value


def _pstats_names(path: str) -> FrozenSet[str]:
    try:
        return frozenset(key[0] for key in pstats.Stats(path).stats if isinstance(key[0], str))  # type: ignore[attr-defined]
    except Exception:  # not a .prof pstats reads: it names nothing, as the page would read nothing
        return frozenset()


def _forms(name: str) -> List[str]:
    """The name as a profile's bytes may hold it: as it is, JSON-escaped (``\\/`` too), or as the
    file:// URL of the path (a .cpuprofile names its scripts so)."""
    forms = {name, json.dumps(name)[1:-1], json.dumps(name, ensure_ascii=False)[1:-1]}
    forms |= {f.replace("/", "\\/") for f in list(forms)}
    if name.startswith("/"):
        url = "file://" + pathname2url(name)
        forms |= {url, url.replace("/", "\\/")}
    return [f for f in forms if f]


def read_source(name: str, roots: List[str], limit: int = SOURCE_LIMIT) -> Answer:
    """The bytes of the file ``name`` stands for, when its real path is inside a root."""
    path = _locate(name, roots)
    if isinstance(path, tuple):
        return path
    # the real path, so that a symlink inside a root pointing out of every root is caught
    real = os.path.realpath(path)
    if not any(_inside(root, real) for root in roots):
        return OUTSIDE
    try:
        # stat before opening: opening a FIFO would wait for a writer, and a device never ends
        if not stat.S_ISREG(os.stat(real).st_mode):
            return NOT_FOUND
        # O_NONBLOCK: the same for a FIFO swapped in since; O_NOFOLLOW: nor a symlink swapped in
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                return NOT_FOUND
            if st.st_size > limit:
                return 413, ("too large: %d bytes; source files are served up to %d\n" % (st.st_size, limit)).encode()
            return 200, f.read(st.st_size)
    except OSError:
        return NOT_FOUND


def _locate(name: str, roots: List[str]) -> Union[str, Answer]:
    """The path the name stands for, not yet checked against the roots by real path: a file://
    URL's path, an absolute path as it is, a relative path under the first root that has it."""
    # NUL ends a C string: the OS would read a shorter name than the one checked. A backslash is a
    # separator on Windows, so a\..\..\x would mean different files on different systems.
    if not name or "\0" in name or "\\" in name:
        return NOT_FOUND
    path = name
    if name[:5].lower() == "file:":
        path = _file_url_path(name)
        if path is None:
            return NOT_FOUND
    elif SCHEME.match(name):
        return NOT_FOUND
    # an absolute name is the file itself; whether it is inside a root is the real path's test
    if os.path.isabs(path):
        return path if os.path.exists(path) else NOT_FOUND
    for root in roots:
        full = os.path.normpath(os.path.join(root, path))
        # `..` out of every root is refused before the file system is asked, so a relative name
        # cannot even tell whether a file exists out there
        if not any(_inside(r, full) for r in roots):
            continue
        if os.path.exists(full):
            return full
    return NOT_FOUND


def _file_url_path(url: str) -> Optional[str]:
    """Node's fileURLToPath: a local host only, and no encoded separator (%2F), both refused."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    if re.search(r"%2f", parts.path, re.I):
        return None
    try:
        path = unquote(parts.path, errors="strict")
    except UnicodeDecodeError:
        return None
    return path if path.startswith("/") and "\0" not in path else None
