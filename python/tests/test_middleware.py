"""The middlewares' options and promises, called as a WSGI or ASGI server calls them; pstats.Stats
reading each written file is the oracle."""
import asyncio
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import threading
import time
import unittest
import warnings
from contextlib import redirect_stderr

from profburst import profile_requests
from profburst.asgi import ProfilerMiddleware as AsgiMiddleware
from profburst.recorder import RequestProfiler
from profburst.wsgi import ProfilerMiddleware as WsgiMiddleware

PY312 = sys.version_info >= (3, 12)


def leaf(i):
    return i * i


def calls(path, name):
    """ncalls of the function `name` defined in this file, as pstats reads the file."""
    stats = pstats.Stats(path).stats
    return sum(nc for (file, _, fn), (cc, nc, tt, ct, callers) in stats.items() if fn == name and file == __file__)


class Boom(Exception):
    pass


def wsgi_app(environ, start_response):
    k = int(environ["PATH_INFO"].rsplit("/", 1)[1] or 0)
    if environ["PATH_INFO"].startswith("/boom"):
        raise Boom("on purpose")
    if environ["PATH_INFO"].startswith("/slow"):
        time.sleep(k / 1000)
    start_response("200 OK", [("Content-Type", "text/plain"), ("X-Seen", "yes")])
    return [str(sum(leaf(i) for i in range(k))).encode()]


def call_wsgi(app, path, method="GET"):
    got = {}

    def start_response(status, headers, exc_info=None):
        got["status"], got["headers"] = status, headers

    body = app({"REQUEST_METHOD": method, "PATH_INFO": path}, start_response)
    try:
        got["body"] = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return got


class Folder(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="profburst-mw-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def files(self):
        return sorted(n for n in os.listdir(self.dir))


class Wsgi(Folder):
    def test_one_file_per_request_named_like_werkzeug_and_the_response_unchanged(self):
        app = WsgiMiddleware(wsgi_app, profile_dir=self.dir)
        for k in (3, 5):
            self.assertEqual(call_wsgi(app, "/n/%d" % k), call_wsgi(wsgi_app, "/n/%d" % k))
        names = self.files()
        self.assertEqual(len(names), 2)
        for name, k in zip(names, (3, 5)):
            self.assertRegex(name, r"^GET\.n\.%d\.\d+ms\.\d{10}\.\d{6}\.prof$" % k)
            self.assertEqual(calls(os.path.join(self.dir, name), "leaf"), k)

    def test_a_streamed_body_is_profiled_as_it_is_produced_and_closed_once(self):
        closed = []

        class Body:
            def __iter__(self):
                for i in range(4):
                    leaf(i)
                    yield b"%d" % i

            def close(self):
                closed.append(True)

        def app(environ, start_response):
            start_response("200 OK", [])
            return Body()

        got = call_wsgi(WsgiMiddleware(app, profile_dir=self.dir), "/stream")
        self.assertEqual((got["body"], closed), (b"0123", [True]))
        [name] = self.files()
        self.assertEqual(calls(os.path.join(self.dir, name), "leaf"), 4)

    def test_an_exception_is_written_and_re_raised_as_it_was(self):
        error = Boom("on purpose")

        def raising(environ, start_response):
            leaf(1)
            raise error

        app = WsgiMiddleware(raising, profile_dir=self.dir)
        try:
            call_wsgi(app, "/boom/1")
            self.fail("the exception was swallowed")
        except Boom as e:
            self.assertIs(e, error)  # the same object, its traceback reaching into the app
            tb = e.__traceback__
            while tb.tb_next:
                tb = tb.tb_next
            self.assertEqual(tb.tb_frame.f_code.co_name, "raising")
        [name] = self.files()
        self.assertTrue(name.startswith("GET.boom.1."))
        pstats.Stats(os.path.join(self.dir, name))

        def failing_body(environ, start_response):
            start_response("200 OK", [])
            yield b"a"
            raise Boom("later")

        with self.assertRaises(Boom):
            call_wsgi(WsgiMiddleware(failing_body, profile_dir=self.dir), "/late")
        self.assertEqual(len(self.files()), 2)

    def test_sample_paths_and_min_ms(self):
        app = WsgiMiddleware(wsgi_app, profile_dir=self.dir, sample=3)
        for _ in range(9):
            call_wsgi(app, "/n/1")
        self.assertEqual((len(self.files()), app.recorder.requests, app.recorder.written), (3, 9, 3))
        shutil.rmtree(self.dir)
        app = WsgiMiddleware(wsgi_app, profile_dir=self.dir, paths=r"^/api/")
        for path in ("/api/n/2", "/static/n/2", "/n/2", "/api/n/3"):
            call_wsgi(app, path)
        self.assertEqual([n.split(".")[1] for n in self.files()], ["api", "api"])
        shutil.rmtree(self.dir)
        app = WsgiMiddleware(wsgi_app, profile_dir=self.dir, min_ms=30)
        for path in ("/slow/1", "/slow/60", "/slow/2"):
            call_wsgi(app, path)
        [name] = self.files()
        self.assertRegex(name, r"^GET\.slow\.60\.(6\d|[7-9]\d|\d{3,})ms\.")

    def test_max_files_deletes_its_oldest_and_nothing_else(self):
        with open(os.path.join(self.dir, "keep.prof"), "w") as f:
            f.write("the user's own file")
        app = WsgiMiddleware(wsgi_app, profile_dir=self.dir, max_files=3)
        for k in range(1, 7):
            call_wsgi(app, "/n/%d" % k)
            time.sleep(0.01)
        names = self.files()
        self.assertIn("keep.prof", names)
        self.assertEqual(sorted(n.split(".")[2] for n in names if n != "keep.prof"), ["4", "5", "6"])

    def test_never_overwrites(self):
        recorder = RequestProfiler(self.dir)
        paths = []
        for _ in range(3):
            profile = cProfile.Profile()
            paths.append(recorder.write(profile, "GET.same", 5, 1701234567.123456))
        self.assertEqual([os.path.basename(p) for p in paths],
                         ["GET.same.5ms.1701234567.123456.prof", "GET.same.5ms.1701234567.123456.1.prof",
                          "GET.same.5ms.1701234567.123456.2.prof"])
        self.assertEqual(self.files(), sorted(os.path.basename(p) for p in paths))  # no temporary file left

    def test_an_unwritable_folder_is_said_once_at_start_and_requests_go_on(self):
        blocker = os.path.join(self.dir, "a-file")
        with open(blocker, "w") as f:
            f.write("x")
        err = io.StringIO()
        with redirect_stderr(err), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            app = WsgiMiddleware(wsgi_app, profile_dir=os.path.join(blocker, "prof"))
            for k in range(5):
                self.assertEqual(call_wsgi(app, "/n/%d" % k)["body"], call_wsgi(wsgi_app, "/n/%d" % k)["body"])
        self.assertEqual(len(err.getvalue().splitlines()), 1)
        self.assertIn("not profiling requests: cannot write profiles to", err.getvalue())
        self.assertEqual(len(caught), 1)
        self.assertEqual(self.files(), ["a-file"])

    def test_concurrent_requests_each_profiled_or_skipped_never_delayed(self):
        def slow(environ, start_response):
            k = int(environ["PATH_INFO"].rsplit("/", 1)[1])
            for i in range(k):
                leaf(i)
            time.sleep(0.3)
            start_response("200 OK", [])
            return [b"ok"]

        app = WsgiMiddleware(slow, profile_dir=self.dir)
        barrier = threading.Barrier(4)
        took = {}

        def one(k):
            barrier.wait()
            t0 = time.perf_counter()
            call_wsgi(app, "/n/%d" % k)
            took[k] = time.perf_counter() - t0

        threads = [threading.Thread(target=one, args=(k,)) for k in (1, 2, 3, 4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertLess(max(took.values()), 1.0)  # four 0.3 s requests side by side, none waiting for another
        r = app.recorder
        self.assertEqual(r.written + r.skipped_busy, 4)
        self.assertEqual((r.written, r.skipped_busy), (1, 3) if PY312 else (4, 0))
        for name in self.files():
            k, leaves = int(name.split(".")[2]), calls(os.path.join(self.dir, name), "leaf")
            # from 3.12 the one profiler sees every thread: the other requests' calls are in it too
            self.assertGreaterEqual(leaves, k) if PY312 else self.assertEqual(leaves, k)

    def test_an_outer_profiler_is_left_alone(self):
        app = WsgiMiddleware(wsgi_app, profile_dir=self.dir)
        outer = cProfile.Profile()
        outer.enable()
        try:
            call_wsgi(app, "/n/3")
        finally:
            outer.disable()
        self.assertEqual((app.recorder.skipped_busy, self.files()), (1, []))
        self.assertEqual(sum(nc for (file, _, fn), (cc, nc, *_r) in pstats.Stats(outer).stats.items() if fn == "leaf"), 3)


async def asgi_app(scope, receive, send):
    if scope["type"] != "http":
        return
    k = int(scope["path"].rsplit("/", 1)[1])
    for i in range(k):
        leaf(i)
        await asyncio.sleep(0.002)
    if scope["path"].startswith("/boom"):
        raise Boom("async")
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"%d" % k})


async def call_asgi(app, path, scope_type="http"):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    await app({"type": scope_type, "method": "GET", "path": path}, receive, send)
    return sent


class Asgi(Folder):
    def test_interleaved_requests_each_get_their_own_steps(self):
        app = AsgiMiddleware(asgi_app, profile_dir=self.dir)

        async def run():
            return await asyncio.gather(*(call_asgi(app, "/n/%d" % k) for k in range(1, 7)))

        sent = asyncio.run(run())
        self.assertEqual([s[1]["body"] for s in sent], [b"%d" % k for k in range(1, 7)])
        names = self.files()
        self.assertEqual(len(names) + app.recorder.skipped_busy, 6)
        if not PY312:
            self.assertEqual(len(names), 6)
        for name in names:
            self.assertEqual(calls(os.path.join(self.dir, name), "leaf"), int(name.split(".")[2]))

    def test_an_exception_is_written_and_re_raised_and_other_scopes_pass(self):
        app = AsgiMiddleware(asgi_app, profile_dir=self.dir)
        with self.assertRaises(Boom):
            asyncio.run(call_asgi(app, "/boom/2"))
        self.assertEqual(asyncio.run(call_asgi(app, "/x/1", scope_type="lifespan")), [])
        [name] = self.files()
        self.assertEqual(calls(os.path.join(self.dir, name), "leaf"), 2)
        self.assertEqual(app.recorder.requests, 1)

    def test_cancellation_reaches_the_app(self):
        app = AsgiMiddleware(asgi_app, profile_dir=self.dir)

        async def run():
            task = asyncio.ensure_future(call_asgi(app, "/n/1000"))
            await asyncio.sleep(0.02)
            task.cancel()
            with self.assertRaises(asyncio.CancelledError):
                await task

        asyncio.run(run())
        [name] = self.files()  # written all the same, with what ran
        self.assertGreater(calls(os.path.join(self.dir, name), "leaf"), 0)


class Decorator(Folder):
    def test_one_file_per_call_for_plain_and_async_handlers(self):
        @profile_requests(profile_dir=self.dir)
        def report(k):
            return sum(leaf(i) for i in range(k))

        @profile_requests(profile_dir=self.dir)
        async def fetch(k):
            for i in range(k):
                leaf(i)
                await asyncio.sleep(0)
            raise Boom("x")

        self.assertEqual(report(4), 14)
        self.assertEqual(report(2), 1)
        with self.assertRaises(Boom):
            asyncio.run(fetch(3))
        names = self.files()
        self.assertEqual(len(names), 3)
        # the handler's qualified name, then werkzeug's tail
        got = sorted((n.split(".")[-5], calls(os.path.join(self.dir, n), "leaf")) for n in names)
        for name in names:
            self.assertRegex(name, r"^Decorator\.test_one_file_per_call_for_plain_and_async_handlers\._locals_\.(report|fetch)\.\d+ms\.\d{10}\.\d{6}\.prof$")
        self.assertEqual(got, [("fetch", 3), ("report", 2), ("report", 4)])


if __name__ == "__main__":
    unittest.main()
