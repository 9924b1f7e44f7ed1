"""A bottle app under profburst.wsgi.ProfilerMiddleware on a threaded wsgiref server, driven by real
HTTP requests: some one by one, some at once, one that raises, one streamed. Prints JSON: what
the client got, the middleware's counters, and each written file as pstats.Stats reads it.
Usage: wsgi_run.py PROFILE_DIR"""
import io
import json
import pstats
import sys
import threading
import time
import urllib.error
import urllib.request
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import bottle
from profburst.wsgi import ProfilerMiddleware

app = bottle.Bottle()
app.catchall = False  # exceptions reach the middleware (and then the server) as they are


class Boom(Exception):
    pass


def leaf(i):
    return i * i


def work(k):
    return sum(leaf(i) for i in range(k))


@app.route("/n/<k:int>")
def numbers(k):
    time.sleep(0.05)  # long enough for the concurrent requests to overlap
    return str(work(k))


@app.route("/boom")
def boom():
    leaf(1)
    raise Boom("on purpose")


@app.route("/stream/<k:int>")
def stream(k):
    def chunks():
        for i in range(k):
            leaf(i)
            yield b"%d\n" % i
    return chunks()


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class Kept(io.StringIO):
    def close(self):
        pass


server_errors = Kept()


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

    def get_stderr(self):
        return server_errors  # the server's traceback of the raising request: kept, not printed


middleware = ProfilerMiddleware(app, profile_dir=sys.argv[1])
server = make_server("127.0.0.1", 0, middleware, server_class=Server, handler_class=Quiet)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = "http://127.0.0.1:%d" % server.server_address[1]


def get(path):
    try:
        with urllib.request.urlopen(base + path, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, ""


answers = {}
for k in (1, 2, 3):
    answers["/n/%d" % k] = get("/n/%d" % k)
concurrent = ["/n/%d" % k for k in range(4, 12)]
start = threading.Barrier(len(concurrent))


def one(path):
    start.wait()
    answers[path] = get(path)


threads = [threading.Thread(target=one, args=(p,)) for p in concurrent]
for t in threads:
    t.start()
for t in threads:
    t.join()
answers["/boom"] = get("/boom")
answers["/stream/5"] = get("/stream/5")
server.shutdown()

# the exception leaves the middleware as the same object, with its traceback
raised = {}
def raising_app(environ, start_response):
    raised["error"] = Boom("direct")
    raise raised["error"]
direct = ProfilerMiddleware(raising_app, profile_dir=sys.argv[1] + "-direct")
try:
    direct({"REQUEST_METHOD": "POST", "PATH_INFO": "/direct"}, lambda *a: None)
    same = False
except Boom as e:
    same = e is raised["error"] and e.__traceback__ is not None

import os
files = []
for name in sorted(os.listdir(sys.argv[1])):
    stats = pstats.Stats(os.path.join(sys.argv[1], name)).stats
    calls = {f[2]: nc for f, (cc, nc, tt, ct, callers) in stats.items() if f[0] == __file__ or f[0].endswith("wsgi_run.py")}
    files.append({"name": name, "calls": calls})
r = middleware.recorder
print(json.dumps({
    "answers": answers, "files": files, "same_exception": same, "server_saw": server_errors.getvalue().strip().splitlines()[-1:], "direct_files": os.listdir(sys.argv[1] + "-direct"),
    "requests": r.requests, "profiled": r.profiled, "written": r.written, "skipped_busy": r.skipped_busy,
    "python": list(sys.version_info[:2]),
}))
