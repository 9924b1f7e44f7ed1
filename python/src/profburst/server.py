"""The local server behind ``profburst FILE...`` and ``profburst DIR``, on the standard library's
HTTP server. It speaks the npm CLI's protocol (src/cli/server.ts) to the same page, and answers only:

- the viewer's built files under ``page_root``;
- the named files at /profiles/<n>/<encodeURIComponent(basename)>, looked up by index (a request
  path never becomes a file path), or in folder mode /profiles/dir/<name>, a plain name directly
  inside the folder (see profiles.py);
- /__profburst/list (folder mode) and /__profburst/events (Server-Sent Events, with watch);
- /__profburst/source?profile=&file=: a source file a served profile names, found under the
  source roots and only there (see sources.py).

GET and HEAD only. A Host header naming anything but this machine is refused unless the server
was opened to the network (0.0.0.0 or ::): a web page cannot read the profiles through DNS
rebinding. Nothing is ever sent anywhere; the server only answers.
"""
from __future__ import annotations

import json
import os
import queue
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List, Optional, Tuple
from urllib.parse import quote, unquote

from .profiles import is_profile_file, list_profiles, profile_path
from .sources import SOURCE_PATH, answer_source, real_roots

LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".mjs": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".wasm": "application/wasm",
}


def encode_component(text: str) -> str:
    """JavaScript's encodeURIComponent."""
    return quote(text, safe="!~*'()")


def content_type(path: str) -> str:
    """By extension; anything unknown is octet-stream, never sniffed (the server sends nosniff)."""
    return TYPES.get(os.path.splitext(path)[1].lower(), "application/octet-stream")


def _strict_unquote(text: str) -> Optional[str]:
    """Percent-decoding as decodeURIComponent does it: a malformed escape or bad UTF-8 is refused."""
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        return None
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        return None


def _inside(root: str, path: str) -> bool:
    rel = os.path.relpath(path, root)
    return rel != "." and rel != ".." and not rel.startswith(".." + os.sep) and not os.path.isabs(rel)


def resolve_inside(root: str, url_path: str) -> Optional[str]:
    """A request path to a file inside ``root`` and nothing outside it (staticFiles.ts's layers):
    decoded once, then any ``.``-prefixed segment, backslash or NUL refused; the resolved path must
    stay under the root; and the real path, symlinks resolved, under the root's real path."""
    decoded = _strict_unquote(url_path)
    if decoded is None or not decoded.startswith("/") or "\0" in decoded or "\\" in decoded:
        return None
    segments = [s for s in decoded.split("/") if s]
    if any(s.startswith(".") for s in segments):
        return None
    if decoded.endswith("/"):
        segments.append("index.html")
    full = os.path.normpath(os.path.join(os.path.abspath(root), *segments))
    if not _inside(os.path.abspath(root), full):
        return None
    real_root, real = os.path.realpath(root), os.path.realpath(full)
    if not _inside(real_root, real) or not os.path.isfile(real):
        return None
    return real


def page_url(origin: str, profile_urls: List[str], watch: bool, folder: bool) -> str:
    """``?watch=1`` (and ``dir=1``) in the query, every file as a ``url=`` in the hash."""
    query = "&".join(q for q in ("dir=1" if folder else "", "watch=1" if watch else "") if q)
    hash_ = "&".join("url=" + encode_component(u) for u in profile_urls)
    return origin + "/" + ("?" + query if query else "") + ("#" + hash_ if hash_ else "")


class EventStream:
    """Server-Sent Events for /__profburst/events: ``change`` and ``list``. One queue per client;
    a comment line every 20 s keeps proxies and idle timeouts from closing the stream."""

    def __init__(self) -> None:
        self._clients: List[queue.Queue] = []
        self._lock = threading.Lock()

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        q: queue.Queue = queue.Queue()
        handler.close_connection = True
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
        handler.send_header("Cache-Control", "no-store")
        handler.send_header("X-Content-Type-Options", "nosniff")
        handler.end_headers()
        with self._lock:
            self._clients.append(q)
        try:
            handler.wfile.write(b"retry: 1000\n\n")  # reconnect after a second if the stream drops
            handler.wfile.flush()
            while True:
                try:
                    text = q.get(timeout=20)
                except queue.Empty:
                    text = ": ping\n\n"
                if text is None:
                    return
                handler.wfile.write(text.encode("utf-8"))
                handler.wfile.flush()
        except OSError:
            return  # the page went away
        finally:
            with self._lock:
                if q in self._clients:
                    self._clients.remove(q)

    def send(self, event: str, data: object) -> None:
        # json.dumps never emits a raw line break, so the data is one line
        text = "event: %s\ndata: %s\n\n" % (event, json.dumps(data, separators=(",", ":")))
        with self._lock:
            for q in self._clients:
                q.put(text)

    def close(self) -> None:
        with self._lock:
            for q in self._clients:
                q.put(None)
            self._clients.clear()


class Watcher(threading.Thread):
    """Tells when watched files change, by polling stat (size, mtime, inode) every ``poll`` seconds:
    a file replaced by rename gets a new inode, and polling works on every filesystem. A change is
    reported once the signature has held still for ``debounce`` seconds, because cProfile writes a
    .prof in several writes and the page should load the finished file; an empty file is not
    reported (it is being written). ``paths()`` lists what to look at; a path that disappears
    is reported once as removed (None)."""

    def __init__(self, paths: Callable[[], List[str]], on_change: Callable[[str, Optional[os.stat_result]], None],
                 poll: float = 0.5, debounce: float = 0.3) -> None:
        super().__init__(name="profburst-watch", daemon=True)
        self._paths, self._on_change, self._poll, self._debounce = paths, on_change, poll, debounce
        self._stop = threading.Event()
        self._reported: Dict[str, Optional[tuple]] = {p: self._signature(p)[0] for p in self._safe_paths()}
        self._pending: Dict[str, Tuple[Optional[tuple], float]] = {}

    def _safe_paths(self) -> List[str]:
        try:
            return list(self._paths())
        except OSError:
            return []

    @staticmethod
    def _signature(path: str) -> Tuple[Optional[tuple], Optional[os.stat_result]]:
        try:
            st = os.stat(path)
        except OSError:
            return None, None
        if not os.path.isfile(path):
            return None, None
        return (st.st_size, st.st_mtime_ns, st.st_ino), st

    def check(self) -> None:
        now = time.monotonic()
        paths = set(self._safe_paths()) | set(self._reported)
        for path in paths:
            sig, st = self._signature(path)
            if sig == self._reported.get(path):
                self._pending.pop(path, None)
                continue
            seen = self._pending.get(path)
            if seen is None or seen[0] != sig:
                self._pending[path] = (sig, now)
                continue
            if now - seen[1] < self._debounce or (st is not None and st.st_size == 0):
                continue
            del self._pending[path]
            self._reported[path] = sig
            if sig is None:
                self._reported.pop(path, None)
            self._on_change(path, st)

    def run(self) -> None:
        while not self._stop.wait(self._poll):
            try:
                self.check()
            except Exception:  # a watcher must not die on one odd file
                pass

    def stop(self) -> None:
        self._stop.set()


class ProfileServer:
    """Serves the page and either named files (``files``, more can be added with ``add_file``) or one
    folder (``folder``), and the source files they name from under ``source_roots`` (none: no
    source is served). ``start()`` binds and serves from a daemon thread."""

    def __init__(self, page_root: str, files: Optional[List[str]] = None, folder: Optional[str] = None,
                 host: str = "127.0.0.1", port: int = 0, watch: bool = False,
                 on_change: Optional[Callable[[str], None]] = None, poll: float = 0.5, debounce: float = 0.3,
                 source_roots: Optional[List[str]] = None) -> None:
        self.page_root = page_root
        self.source_roots = real_roots(source_roots or [])
        self.files: List[str] = [os.path.abspath(f) for f in (files or [])]
        self.real_dir = os.path.realpath(folder) if folder else None
        self.host = host
        self.any_host = host in ("0.0.0.0", "::")
        self.watch = watch
        self.events = EventStream()
        self._files_lock = threading.Lock()
        self._on_change = on_change
        self._poll, self._debounce = poll, debounce
        self._watcher: Optional[Watcher] = None
        self._httpd = _make_httpd(self, host, port)
        bound_port = self._httpd.server_address[1]
        shown = "127.0.0.1" if self.any_host else ("[%s]" % host if ":" in host else host)
        self.origin = "http://%s:%d" % (shown, bound_port)
        self._thread: Optional[threading.Thread] = None

    # the named files --------------------------------------------------------------------------
    def file_url(self, index: int) -> str:
        return "/profiles/%d/%s" % (index, encode_component(os.path.basename(self.files[index])))

    def add_file(self, path: str) -> str:
        """Serves one more file (the notebook's profiles); returns its URL path."""
        with self._files_lock:
            self.files.append(os.path.abspath(path))
            return self.file_url(len(self.files) - 1)

    def profile_urls(self) -> List[str]:
        """What the page opens first: each named file, or the folder's newest."""
        if self.real_dir:
            return [p["url"] for p in list_profiles(self.real_dir)[:1]]
        return [self.file_url(i) for i in range(len(self.files))]

    def page_url(self) -> str:
        return page_url(self.origin, self.profile_urls(), self.watch, self.real_dir is not None)

    def profile_file(self, path: str) -> Optional[str]:
        """The file a /profiles/ path names, or None. Named files: the path's text is only compared
        with the basename, never joined. Folder: a plain name, checked by profile_path and content."""
        m = re.match(r"^/profiles/(\d{1,6})/([^/]+)$", path)
        if m and not self.real_dir:
            index = int(m.group(1))
            with self._files_lock:
                file = self.files[index] if index < len(self.files) else None
            return file if file is not None and _strict_unquote(m.group(2)) == os.path.basename(file) else None
        m = re.match(r"^/profiles/dir/([^/]+)$", path)
        name = _strict_unquote(m.group(1)) if m else None
        if not self.real_dir or not name:
            return None
        file = profile_path(self.real_dir, name)
        if file is None:
            return None
        try:
            st = os.stat(file)
        except OSError:
            return None
        return file if os.path.isfile(file) and is_profile_file(file, st.st_size, st.st_mtime_ns) else None

    # running ---------------------------------------------------------------------------------
    def start(self) -> "ProfileServer":
        if self.watch:
            self._watcher = Watcher(self._watched_paths, self._announce, self._poll, self._debounce)
            self._watcher.start()
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="profburst-http", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._watcher:
            self._watcher.stop()
        self.events.close()
        self._httpd.shutdown()
        self._httpd.server_close()

    def _watched_paths(self) -> List[str]:
        if self.real_dir:
            return [os.path.join(self.real_dir, p["name"]) for p in list_profiles(self.real_dir)]
        with self._files_lock:
            return list(self.files)

    def _announce(self, path: str, st: Optional[os.stat_result]) -> None:
        """Named files: a ``change`` for the file. Folder: the new ``list``, and a ``change`` for a listed file."""
        url = None
        if self.real_dir:
            listing = list_profiles(self.real_dir)
            url = next((p["url"] for p in listing if os.path.join(self.real_dir, p["name"]) == path), None)
            self.events.send("list", listing)
        else:
            with self._files_lock:
                url = next((self.file_url(i) for i, f in enumerate(self.files) if f == path), None)
        if url and st is not None:
            self.events.send("change", {"url": url, "mtime": st.st_mtime_ns / 1e6})
            if self._on_change:
                self._on_change(url)

    def host_allowed(self, header: Optional[str]) -> bool:
        if self.any_host or header is None:
            return True
        name = re.sub(r":\d+$", "", header).lower()
        host = self.host.lower()
        return name in LOOPBACK or name == host or name == "[%s]" % host


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60  # an idle kept-alive connection frees its thread
    app: ProfileServer  # set on the subclass made per server

    def version_string(self) -> str:
        return "profburst"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass  # the page's requests are not news; errors are answered, not logged

    def _send(self, status: int, body: bytes, ctype: str = "text/plain; charset=utf-8", no_store: bool = False) -> None:
        self.send_response(status)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store" if no_store or status != 200 else "no-cache")
        if status == 405:
            self.send_header("Allow", "GET, HEAD")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse_method(self) -> None:
        self._send(405, b"method not allowed\n")

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse_method

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        app = self.app
        try:
            if not app.host_allowed(self.headers.get("Host")):
                return self._send(403, b"forbidden: unexpected Host header\n")
            raw = self.path
            if not raw.startswith("/"):
                return self._send(400, b"bad request\n")
            path = re.split(r"[?#]", raw, maxsplit=1)[0]
            if path == "/__profburst/events" and app.watch:
                return app.events.serve(self)
            if path == "/__profburst/list" and app.real_dir:
                body = json.dumps(list_profiles(app.real_dir), separators=(",", ":")).encode("utf-8")
                return self._send(200, body, "application/json; charset=utf-8", True)
            if path == SOURCE_PATH:
                query = raw.split("?", 1)[1].split("#", 1)[0] if "?" in raw else ""
                status, body = answer_source(query, app.profile_file, app.source_roots)
                return self._send(status, body, "text/plain; charset=utf-8", True)
            if path.startswith("/profiles/"):
                file = app.profile_file(path)
                if file is None:
                    return self._send(404, b"not found\n")
                with open(file, "rb") as f:
                    return self._send(200, f.read(), "application/octet-stream", True)
            file = resolve_inside(app.page_root, path)
            if file is None:
                return self._send(404, b"not found\n")
            with open(file, "rb") as f:
                return self._send(200, f.read(), content_type(file))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except OSError:
            self._send(404, b"not found\n")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # a dropped connection is not worth a traceback on the user's terminal


def _make_httpd(app: ProfileServer, host: str, port: int) -> _HTTPServer:
    handler = type("Handler", (_Handler,), {"app": app})
    server_class = _HTTPServer
    if ":" in host:
        server_class = type("HTTPServer6", (_HTTPServer,), {"address_family": socket.AF_INET6})
    return server_class((host, port), handler)
