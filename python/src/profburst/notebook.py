"""The viewer in IPython and Jupyter: ``%load_ext profburst``, then ``%profburst STATEMENT`` or
``%%profburst`` (SnakeViz's magics: ``-t`` opens a new tab instead of showing it inline), and
``profburst.show(...)`` from code.

The profile is written to a temporary folder and served, with the page, by one local server that
this kernel starts the first time and keeps (127.0.0.1, a free port, only the files shown here).
Inline, it is an iframe on that server: the page's Content-Security-Policy allows scripts only
from its own origin, so it cannot be inlined into the notebook's page, and an iframe keeps it on
its own origin. The notebook's browser must reach the kernel's 127.0.0.1: true for a local Jupyter,
not for a remote one (JupyterHub, Colab); there ``-e`` / ``embed=True`` puts the page, its workers
and the profile inside the output (``embed_html``), with no server.
"""
from __future__ import annotations

import cProfile
import html
import itertools
import os
import pstats
import re
import sys
import tempfile
import threading
import webbrowser
from typing import Any, Optional, Union

from .cli import page_root
from .server import ProfileServer, page_url

_server: Optional[ProfileServer] = None
_server_lock = threading.Lock()
_folder: Optional[str] = None
_count = itertools.count(1)


def kernel_server() -> ProfileServer:
    """This process's server, started on first use."""
    global _server
    with _server_lock:
        if _server is None:
            root = page_root()
            if root is None:
                raise RuntimeError("profburst: the viewer's page is missing from this installation; reinstall profburst")
            _server = ProfileServer(root, files=[], host="127.0.0.1", port=0).start()
        return _server


def _temp_path(name: str) -> str:
    global _folder
    if _folder is None:
        _folder = tempfile.mkdtemp(prefix="profburst-")
    return os.path.join(_folder, name)


def profile_file(what: Any) -> str:
    """A .prof path for a path, a cProfile.Profile (or profile.Profile) or a pstats.Stats."""
    if isinstance(what, (str, os.PathLike)):
        path = os.path.abspath(os.fspath(what))
        if not os.path.isfile(path):
            raise FileNotFoundError("profburst.show: no such file: %s" % path)
        return path
    if isinstance(what, pstats.Stats):
        stats = what
    elif isinstance(what, cProfile.Profile) or hasattr(what, "create_stats"):  # profile.Profile too
        stats = pstats.Stats(what)
    else:
        raise TypeError("profburst.show takes a file path, a cProfile.Profile or a pstats.Stats, not %s" % type(what).__name__)
    path = _temp_path("profile-%d.prof" % next(_count))
    stats.dump_stats(path)
    return path


def _shell() -> Any:
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None


def _inline_possible(shell: Any) -> bool:
    """A shell that can draw HTML: a Jupyter kernel, or IPython's base shell (capture, tests). A
    terminal IPython would print ``<IPython.core.display.HTML object>``."""
    return shell is not None and type(shell).__name__ != "TerminalInteractiveShell"


def iframe_html(url: str, label: str, height: int = 600) -> str:
    """The inline viewer: an iframe on the kernel's server, and a link to open it in a tab.
    The URL and the label are text here (escaped), never markup."""
    src = html.escape(url, quote=True)
    return (
        '<div class="profburst-output">'
        '<iframe src="%s" title="profburst: %s" width="100%%" height="%d" style="border:1px solid #ccc" '
        'loading="lazy"></iframe>'
        '<div><a href="%s" target="_blank" rel="noopener">open %s in a new tab</a></div>'
        "</div>" % (src, html.escape(label, quote=True), int(height), src, html.escape(label))
    )


_WORKER_URL = re.compile(r"new URL\(new URL\(`([A-Za-z0-9_.-]+\.js)`,import\.meta\.url\)\.href,``\+import\.meta\.url\)")


def embed_html(path: str, name: Optional[str] = None) -> str:
    """A page that needs no server: the viewer's script, its workers and the profile inside one
    document, for notebooks whose browser cannot reach the kernel's machine (a remote Jupyter,
    Colab). The workers become blob: URLs, and the profile a file dropped on the page.
    Its Content-Security-Policy allows only its own inline code and those blobs, and no request
    anywhere."""
    import base64
    import json

    root = page_root()
    if root is None:
        raise RuntimeError("profburst: the viewer's page is missing from this installation; reinstall profburst")
    with open(os.path.join(root, "index.html"), encoding="utf-8") as f:
        index = f.read()
    script = re.search(r'<script type="module"[^>]*src="\./(assets/[^"]+\.js)"', index)
    styles = re.findall(r'<link rel="stylesheet"[^>]*href="\./(assets/[^"]+\.css)"', index)
    if script is None:
        raise RuntimeError("profburst: cannot embed this build of the page (no module script in index.html)")
    with open(os.path.join(root, script.group(1)), encoding="utf-8") as f:
        code = f.read()
    workers = {}

    def worker_url(m: "re.Match[str]") -> str:
        with open(os.path.join(root, "assets", m.group(1)), "rb") as w:
            workers[m.group(1)] = base64.b64encode(w.read()).decode("ascii")
        return "new URL(__profburstWorkers[%s])" % json.dumps(m.group(1))

    code = _WORKER_URL.sub(worker_url, code)
    if "import.meta.url" in code:
        raise RuntimeError("profburst: cannot embed this build of the page (it loads files beside itself)")
    css = ""
    for sheet in styles:
        with open(os.path.join(root, sheet), encoding="utf-8") as f:
            css += f.read()
    with open(path, "rb") as f:
        profile = base64.b64encode(f.read()).decode("ascii")
    title = name or os.path.basename(path)
    decode = "const b=(s)=>Uint8Array.from(atob(s),(c)=>c.charCodeAt(0));"
    boot = decode + (
        "const u=(s,t)=>URL.createObjectURL(new Blob([b(s)],{type:t}));"
        "const w=%s;window.__profburstWorkers={};"
        "for(const k in w)window.__profburstWorkers[k]=u(w[k],'text/javascript');"
        # an about:srcdoc page has no address to write the view into: the page's writes are let go
        "for(const k of ['replaceState','pushState']){const o=history[k].bind(history);"
        "history[k]=(s,t,a)=>{try{o(s,t,a)}catch{}}}"
        # and no relative address to start from (the example): the page starts on an empty one
        "location.hash='url=data%%3A%%2C';"
    ) % json.dumps(workers)
    # the page opens only http(s) addresses, so the profile comes in as a file dropped on it, once
    # the page is drawn and listening (its listeners are set up right after the first render)
    drop = (
        "const f=new File([b(document.getElementById('profburst-profile').textContent)],%s);"
        "const go=()=>{if(!document.querySelector('.toolbar'))return setTimeout(go,20);setTimeout(()=>{"
        "const d=new DataTransfer();d.items.add(f);"
        "for(const t of ['dragenter','dragover','drop'])window.dispatchEvent(new DragEvent(t,{dataTransfer:d,bubbles:true,cancelable:true}));"
        "},50)};go();"
    ) % json.dumps(title)

    def inline(js: str) -> str:  # nothing in the code may end the script element early
        return js.replace("</script", "<\\/script").replace("<!--", "<\\!--")

    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'unsafe-inline\' blob:; '
        "worker-src blob:; style-src 'unsafe-inline'; img-src data: blob:; connect-src blob: data:; object-src 'none'; "
        "base-uri 'none'; form-action 'none'\">"
        "<title>profburst: %s</title><style>%s</style></head><body><div id=\"root\"></div>"
        '<script type="application/octet-stream" id="profburst-profile">%s</script>'
        '<script type="module">%s</script><script type="module">%s</script><script type="module">%s</script></body></html>'
        % (html.escape(title), css.replace("</style", "<\\/style"), profile, inline(boot), inline(code), inline(decode + drop))
    )


def embed_iframe_html(path: str, height: int = 600) -> str:
    """The self-contained page in a srcdoc iframe. Not sandboxed: a sandboxed (opaque) origin may
    not start workers from blob: URLs, and the page reads profiles in workers. So it runs in the
    notebook's origin, like any script output; the page shows a profile's strings as text only."""
    return (
        '<div class="profburst-output"><iframe srcdoc="%s" title="profburst: %s" '
        'width="100%%" height="%d" style="border:1px solid #ccc"></iframe></div>'
        % (html.escape(embed_html(path), quote=True), html.escape(os.path.basename(path), quote=True), int(height))
    )


def show(what: Union[str, "os.PathLike[str]", pstats.Stats, cProfile.Profile], new_tab: bool = False, height: int = 600,
         embed: bool = False) -> str:
    """Shows a profile in the viewer: inline in a notebook (or a new tab with ``new_tab``); outside
    IPython, in the browser. ``embed``: inline, the page and the profile inside the output, with no
    server (a remote notebook). Returns the page's address (with embed, the profile's path)."""
    path = profile_file(what)
    if embed:
        from IPython.display import HTML, display
        display(HTML(embed_iframe_html(path, height)))
        return path
    server = kernel_server()
    url = page_url(server.origin, [server.add_file(path)], watch=False, folder=False)
    shell = _shell()
    label = os.path.basename(path)
    if not new_tab and _inline_possible(shell):
        from IPython.display import HTML, display
        display(HTML(iframe_html(url, label, height)))
        return url
    if shell is not None and type(shell).__name__ == "ZMQInteractiveShell":
        # the notebook's browser, not the kernel's machine, opens the tab
        from IPython.display import HTML, Javascript, display
        display(Javascript("window.open(%s, '_blank')" % _js_string(url)))
        display(HTML('<a href="%s" target="_blank" rel="noopener">open %s in a new tab</a>'
                     % (html.escape(url, quote=True), html.escape(label))))
        return url
    print("profburst: %s" % url, flush=True)
    threading.Thread(target=_open, args=(url,), daemon=True).start()
    if shell is None:
        _serve_after_the_script()
    return url


_waiting = False


def _serve_after_the_script() -> None:
    """A plain script: the server is a daemon thread, so it would end with the script, before the
    browser has read the page. It is kept serving once the script is done, until Ctrl-C."""
    global _waiting
    if _waiting:
        return
    _waiting = True
    import atexit

    def wait() -> None:
        print("profburst: serving the shown profiles until Ctrl-C", file=sys.stderr, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass

    atexit.register(wait)


def _js_string(text: str) -> str:
    import json
    return json.dumps(text).replace("<", "\\u003c")


def _open(url: str) -> None:
    try:
        webbrowser.open(url)
    except Exception:
        pass


def load_ipython_extension(ipython: Any) -> None:
    from IPython.core.magic import Magics, line_cell_magic, magics_class

    @magics_class
    class ProfburstMagics(Magics):
        @line_cell_magic
        def profburst(self, line: str, cell: Optional[str] = None) -> None:
            """Profile a statement (``%profburst STATEMENT``) or a cell (``%%profburst``) with cProfile
            and show it in profburst; ``-t`` or ``--new-tab`` opens it in a new tab; ``-e`` or ``--embed``
            puts the page and the profile in the output, for a notebook that cannot reach the kernel's machine."""
            opts, statement = self.parse_options(line, "te", "new-tab", "embed", posix=False, strict=False)
            code = self.shell.transform_cell(cell) if cell is not None else statement
            if not code.strip():
                print("usage: %profburst [-t] STATEMENT, or %%profburst [-t] above a cell", file=sys.stderr)
                return
            profile = cProfile.Profile()
            try:
                profile.runctx(code, self.shell.user_ns, self.shell.user_ns)
            finally:
                # shown even when the code raised: the profile up to the error is what there is
                show(profile, new_tab="t" in opts or "new-tab" in opts, embed="e" in opts or "embed" in opts)

    ipython.register_magics(ProfburstMagics)
