"""What profiling each request costs: the blog post's bottle handlers called through WSGI (no
server, no network: the middleware's own cost) bare, under profburst.wsgi.ProfilerMiddleware and
under werkzeug's ProfilerMiddleware, each writing one .prof per request to a temporary folder.
Prints the median per-request time of each and the difference to bare.
Usage: PYTHONPATH=python/src /usr/bin/python3 scripts/bench/python-middleware.py [REQUESTS]"""
import json
import shutil
import statistics
import sys
import tempfile
import time

import bottle
from werkzeug.middleware.profiler import ProfilerMiddleware as WerkzeugProfiler

from profburst.wsgi import ProfilerMiddleware

app = bottle.Bottle()


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@app.route("/")
def index():
    return "awesome random number is 42"


@app.route("/report")
def report():
    return json.dumps([fib(12 + i % 4) for i in range(8)])


def call(wsgi, path):
    body = wsgi({"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "x", "SERVER_PORT": "80",
                 "wsgi.url_scheme": "http", "wsgi.input": None}, lambda *a: None)
    b"".join(body)
    if hasattr(body, "close"):
        body.close()


def per_request(wsgi, path, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        call(wsgi, path)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e6


n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
folders = [tempfile.mkdtemp(prefix="profburst-bench-") for _ in range(2)]
try:
    apps = {
        "bare": app,
        "profburst": ProfilerMiddleware(app, profile_dir=folders[0]),
        "werkzeug": WerkzeugProfiler(app, stream=None, profile_dir=folders[1]),
        # the cost on the requests that sample= or paths= leave unprofiled
        "profburst-unsampled": ProfilerMiddleware(app, profile_dir=folders[0], sample=10**9),
    }
    for path in ("/", "/report"):
        for wsgi in apps.values():
            per_request(wsgi, path, 20)  # warm up
        results = {name: per_request(wsgi, path, n) for name, wsgi in apps.items()}
        bare = results["bare"]
        print("%-8s " % path + "  ".join("%s %.0f us (+%.0f)" % (k, v, v - bare) if k != "bare" else "bare %.0f us" % v
                                          for k, v in results.items()))
finally:
    for f in folders:
        shutil.rmtree(f, ignore_errors=True)
