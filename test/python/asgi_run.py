"""A minimal raw ASGI app (no framework) under profburst.asgi.ProfilerMiddleware, driven as an
ASGI server drives it: many requests at once on one event loop, their steps interleaved, one that
raises, a lifespan scope. Prints JSON: each response as sent, whether the exception came out as it
went in, the counters, and each written file as pstats.Stats reads it. Usage: asgi_run.py PROFILE_DIR"""
import asyncio
import json
import os
import pstats
import sys

from profburst.asgi import ProfilerMiddleware


class Boom(Exception):
    pass


def leaf(i):
    return i * i


raised = {}


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        await receive()
        await send({"type": "lifespan.startup.complete"})
        return
    await receive()
    if scope["path"] == "/boom":
        await asyncio.sleep(0.01)
        leaf(1)
        raised["error"] = Boom("on purpose")
        raise raised["error"]
    k = int(scope["path"].rsplit("/", 1)[1])
    total = 0
    for i in range(k):
        total += leaf(i)
        await asyncio.sleep(0.005)  # every other request runs here
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": str(total).encode()})


async def request(handler, method, path):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "path": path,
             "raw_path": path.encode(), "query_string": b"", "headers": []}
    try:
        await handler(scope, receive, send)
    except Boom as e:
        return {"path": path, "raised": "Boom", "same": e is raised.get("error")}
    return {"path": path, "status": sent[0]["status"], "body": sent[1]["body"].decode()}


async def main(folder):
    middleware = ProfilerMiddleware(app, profile_dir=folder)
    startup = []
    lifespan_events = [{"type": "lifespan.startup"}]
    async def lifespan_receive():
        return lifespan_events.pop()
    async def lifespan_send(message):
        startup.append(message["type"])
    await middleware({"type": "lifespan"}, lifespan_receive, lifespan_send)
    results = []
    for k in (1, 2):
        results.append(await request(middleware, "GET", "/n/%d" % k))
    results += await asyncio.gather(*(request(middleware, "GET", "/n/%d" % k) for k in range(3, 11)),
                                    request(middleware, "POST", "/boom"))
    plain = [await request(app, "GET", "/n/%d" % k) for k in range(1, 11)]
    return middleware.recorder, results, plain, startup


recorder, results, plain, startup = asyncio.run(main(sys.argv[1]))
files = []
for name in sorted(os.listdir(sys.argv[1])):
    stats = pstats.Stats(os.path.join(sys.argv[1], name)).stats
    calls = {f[2]: nc for f, (cc, nc, tt, ct, callers) in stats.items() if f[0].endswith("asgi_run.py")}
    files.append({"name": name, "calls": calls})
print(json.dumps({
    "results": results, "plain": plain, "startup": startup, "files": files,
    "requests": recorder.requests, "written": recorder.written, "skipped_busy": recorder.skipped_busy,
    "python": list(sys.version_info[:2]),
}))
