"""Which files of a served folder are profiles, for ``profburst DIR``: the npm CLI's rules
(src/cli/profileFiles.ts), so the page gets the same list from either server.

Content decides (names lie, and a folder also holds logs and scripts); the first 64 KiB are
enough, gunzipped when gzip. JSON counts only with a V8 or trace key in its head, so a
package.json is not listed. A name that only a profile has (``.prof``, ``.cpuprofile``,
``callgrind.out.*``...) is listed even when the content is not recognised: the page then says
what is wrong with it, and the other files still open.
"""
from __future__ import annotations

import os
import re
import threading
import zlib
from typing import Dict, List, Optional
from urllib.parse import quote

PROFILE_NAME = re.compile(r"\.(prof|pstats|cpuprofile|callgrind)$|^(callgrind|cachegrind)\.out(\.|$)", re.I)
JSON_MARKER = re.compile(rb'"(nodes|samples|timeDeltas|traceEvents|ph|cpuProfile)"\s*:')
SPEEDSCOPE_SCHEMA = b"speedscope.app/file-format-schema"
SPEEDSCOPE_SHARED = re.compile(rb'"shared"\s*:\s*\{\s*"frames"')
SPEEDSCOPE_PROFILES = re.compile(rb'"profiles"\s*:')
CALLGRIND = re.compile(rb"^(# callgrind format|version:|creator:|events:|cmd:|pid:|positions:|fl=|fn=|ob=)", re.M)
HEAD = 64 * 1024

_verdicts: Dict[tuple, bool] = {}
_verdicts_lock = threading.Lock()


def profile_url(name: str) -> str:
    """/profiles/dir/<name>, the name escaped as JavaScript's encodeURIComponent escapes it."""
    return "/profiles/dir/" + quote(name, safe="!~*'()")


def looks_like_pstats(head: bytes) -> bool:
    """A marshalled dict whose first key is a tuple: what cProfile's dump_stats writes."""
    return len(head) >= 2 and head[0] in (0x7B, 0xFB) and head[1] in (0x28, 0x29, 0xA8, 0xA9, 0x30)


def content_is_profile(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD)
        if head[:2] == b"\x1f\x8b":
            # a cut gzip stream: decompress what there is, without asking for the end
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
    except (OSError, zlib.error):
        return False
    start = head[:4096]
    if not start:
        return False
    if looks_like_pstats(start):
        return True
    text = start.lstrip(b"\xef\xbb\xbf").lstrip()
    if text[:1] == b"{" and (SPEEDSCOPE_SCHEMA in start or (SPEEDSCOPE_SHARED.search(start) and SPEEDSCOPE_PROFILES.search(start))):
        return True  # speedscope's own JSON
    if text[:1] in (b"{", b"["):
        return JSON_MARKER.search(start) is not None
    return CALLGRIND.search(start) is not None


def is_profile_file(path: str, size: int, mtime_ns: int) -> bool:
    key = (path, size, mtime_ns)
    with _verdicts_lock:
        known = _verdicts.get(key)
    if known is not None:
        return known
    name = os.path.basename(path)
    if name.lower().endswith(".gz"):
        name = name[:-3]
    verdict = content_is_profile(path) or PROFILE_NAME.search(name) is not None
    with _verdicts_lock:
        if len(_verdicts) > 10_000:
            _verdicts.clear()
        _verdicts[key] = verdict
    return verdict


def profile_path(real_dir: str, name: str) -> Optional[str]:
    """The file for /profiles/dir/<name>: a plain name (no separators, not hidden) whose real path
    lies directly in the folder, or None. real_dir must already be a real path."""
    if not name or name.startswith(".") or re.search(r"[/\\\0]", name):
        return None
    real = os.path.realpath(os.path.join(real_dir, name))
    return real if os.path.dirname(real) == real_dir and os.path.exists(real) else None


def list_profiles(real_dir: str) -> List[dict]:
    """The folder's top-level profiles, newest first: [{name, url, mtime (ms), size}]."""
    found = []
    try:
        names = os.listdir(real_dir)
    except OSError:
        return []
    for name in names:
        path = profile_path(real_dir, name)
        if path is None:
            continue
        try:
            st = os.stat(path)
        except OSError:
            continue
        if not os.path.isfile(path) or not is_profile_file(path, st.st_size, st.st_mtime_ns):
            continue
        found.append({"name": name, "url": profile_url(name), "mtime": st.st_mtime_ns / 1e6, "size": st.st_size})
    found.sort(key=lambda p: (-p["mtime"], p["name"]))
    return found
