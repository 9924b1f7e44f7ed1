"""``profburst FILE... | DIR`` for Python users: the npm CLI's serve command on the standard library's
HTTP server. ``stats`` and ``convert`` are the npm CLI's own: handed to it when node is installed."""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import threading
from typing import List, Optional

from .server import ProfileServer

USAGE = """usage:
  profburst [serve] FILE... [--port N] [--host H] [--no-open] [--watch] [--source-root DIR]...
  profburst [serve] DIR [--port N] [--host H] [--no-open] [--watch] [--source-root DIR]...
      serves the viewer and the files on http://127.0.0.1 (a free port unless --port) and opens it;
      --watch reloads a file in the page when it changes; DIR lists the folder's profiles;
      the source files the profiles name are served from under each --source-root DIR
      (repeatable; default: the current folder), and from nowhere else
  profburst stats FILE ...  |  profburst convert FILE ...
      the npm CLI's commands, run with node when it is installed (`profburst stats --help`)"""

HERE = os.path.dirname(os.path.abspath(__file__))


def page_root() -> Optional[str]:
    """The built page: in the wheel, profburst/page; in a checkout, the repository's dist/."""
    for root in (os.path.join(HERE, "page"), os.path.join(HERE, "..", "..", "..", "dist")):
        if os.path.isfile(os.path.join(root, "index.html")):
            return os.path.abspath(root)
    return None


def node_cli() -> Optional[str]:
    """The npm CLI's bundle: in the wheel, profburst/node; in a checkout, dist-cli/."""
    for path in (os.path.join(HERE, "node", "profburst.mjs"), os.path.join(HERE, "..", "..", "..", "dist-cli", "profburst.js")):
        if os.path.isfile(path):
            return os.path.abspath(path)
    return None


def _usage(message: str) -> int:
    print("profburst: %s\n%s" % (message, USAGE), file=sys.stderr)
    return 2


def main(argv: Optional[List[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(USAGE)
        return 2
    command = args[0]
    if command in ("-h", "--help"):
        print(USAGE)
        return 0
    if command in ("stats", "convert"):
        return run_node(args)
    if command == "serve":
        return serve(args[1:])
    if not command.startswith("-") or any(not a.startswith("-") for a in args):
        return serve(args)
    print("profburst: unknown command '%s'\n%s" % (command, USAGE), file=sys.stderr)
    return 2


def run_node(args: List[str]) -> int:
    node = shutil.which("node")
    bundle = node_cli()
    if node is None or bundle is None:
        what = "Node.js is not installed" if node is None else "this installation has no copy of the npm CLI"
        print("profburst: `%s` is the npm CLI's command and %s; open the file with `profburst FILE` instead" % (args[0], what),
              file=sys.stderr)
        return 2
    try:
        return subprocess.call([node, bundle] + args)
    except KeyboardInterrupt:
        return 130


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse reads the options (``--port 8080`` and ``--port=8080`` alike); its errors come back
    here, so the message is profburst's one line and the usage above rather than argparse's own."""

    def error(self, message: str):  # type: ignore[override]
        raise _ArgumentError(message)


def _serve_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="profburst", add_help=False, allow_abbrev=False)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--port", default="0")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--no-open", dest="open_browser", action="store_false")
    parser.add_argument("--watch", action="store_true")
    parser.add_argument("--source-root", dest="source_roots", action="append", metavar="DIR")
    return parser


def serve(args: List[str]) -> int:
    try:
        # intermixed: files may come before and after the options, as the npm CLI takes them
        options, unknown = _serve_parser().parse_known_intermixed_args(args)
    except _ArgumentError as e:
        return _usage(str(e).replace("argument ", "", 1))
    if unknown:
        return _usage("unknown option %s" % unknown[0])
    paths: List[str] = options.paths
    port, host, open_browser, watch = options.port, options.host, options.open_browser, options.watch
    if not paths:
        return _usage("name at least one FILE or a DIR")
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        return _usage("--port needs a number from 0 to 65535")
    if not host:
        return _usage("--host needs a name or address")
    for p in paths:
        if not os.path.exists(p) or not os.access(p, os.R_OK):
            print("profburst: cannot read %s" % p, file=sys.stderr)
            return 1
    # a mistyped root would serve nothing and say nothing; `.` is the folder profburst started in
    source_roots: List[str] = options.source_roots or ["."]
    for r in source_roots:
        if not os.path.isdir(r):
            print("profburst: --source-root %s is not a folder" % r, file=sys.stderr)
            return 1
    folder = any(os.path.isdir(p) for p in paths)
    if folder and len(paths) > 1:
        return _usage("serve one DIR, or files; not both")
    root = page_root()
    if root is None:
        print("profburst: the viewer's page is missing from this installation; reinstall profburst "
              "(in a checkout: npm run build)", file=sys.stderr)
        return 1
    try:
        server = ProfileServer(root, files=None if folder else paths, folder=paths[0] if folder else None,
                               host=host, port=int(port), watch=watch, source_roots=source_roots,
                               on_change=lambda url: print("profburst: changed %s" % _unquote(url), flush=True))
    except OSError as e:
        print("profburst: cannot listen on %s:%s: %s" % (host, port, e.strerror or e), file=sys.stderr)
        return 1
    server.start()
    url = server.page_url()
    print("profburst: serving on %s/ (Ctrl-C to stop)\n%s" % (server.origin, url), flush=True)
    if open_browser:
        # best effort, off the main thread: the URL is printed, so a machine without a browser loses nothing
        threading.Thread(target=_open, args=(url,), daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    server.close()
    return 0


def _open(url: str) -> None:
    try:
        import webbrowser
        webbrowser.open(url)
    except Exception:
        pass


def _unquote(url: str) -> str:
    from urllib.parse import unquote
    return unquote(url)


if __name__ == "__main__":
    sys.exit(main())
