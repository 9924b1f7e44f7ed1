"""The Python server's rules, the npm CLI's (src/cli/server.test.ts): only the page, the named files
or the named folder's profiles; no traversal; a Host that is not this machine refused; GET and HEAD
only; the watch events the page listens to."""
import cProfile
import gzip
import http.client
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from contextlib import contextmanager, redirect_stderr

from profburst.cli import main
from profburst.server import ProfileServer, page_url

SECRET = b"TOP-SECRET-CONTENT"


def write_prof(path, n=10):
    profile = cProfile.Profile()
    profile.enable()
    sorted(range(n))
    profile.disable()
    profile.dump_stats(path)


def request(origin, path, method="GET", host=None):
    """A raw request: http.client sends the path as given (no normalising of `..`)."""
    hostname, port = origin.rsplit("/", 1)[1].rsplit(":", 1)
    conn = http.client.HTTPConnection(hostname, int(port), timeout=10)
    headers = {"Host": host} if host else {}
    conn.putrequest(method, path, skip_host=bool(host), skip_accept_encoding=True)
    for k, v in headers.items():
        conn.putheader(k, v)
    conn.endheaders()
    res = conn.getresponse()
    body = res.read()
    conn.close()
    return res.status, dict(res.getheaders()), body


@contextmanager
def serving(test, *args):
    """`python -m profburst --no-open ARGS` in a child process: yields it once its banner is read
    (the banner and the origin it names); on leaving, Ctrl-C's stand-in, SIGTERM, must end it with 0."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    child = subprocess.Popen([sys.executable, "-m", "profburst", "--no-open", *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        banner = child.stdout.readline().decode()
        yield child, banner, banner.split("serving on ", 1)[1].split("/ ", 1)[0]
    finally:
        child.terminate()
        test.assertEqual(child.wait(10), 0)
        child.stdout.close()
        child.stderr.close()


class Fixture(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="profburst-test-")
        cls.page = os.path.join(cls.root, "page")
        cls.profiles = os.path.join(cls.root, "profiles")
        os.makedirs(os.path.join(cls.page, "assets"))
        os.makedirs(cls.profiles)
        with open(os.path.join(cls.page, "index.html"), "w") as f:
            f.write("<!doctype html><title>profburst</title>")
        with open(os.path.join(cls.page, "assets/app.js"), "w") as f:
            f.write("console.log(1)")
        for secret in (os.path.join(cls.page, ".env"), os.path.join(cls.root, "secret.txt")):
            with open(secret, "wb") as f:
                f.write(SECRET)
        os.symlink(os.path.join(cls.root, "secret.txt"), os.path.join(cls.page, "leak.js"))
        write_prof(os.path.join(cls.profiles, "report.prof"))
        write_prof(os.path.join(cls.profiles, "my file #1.prof"))
        with open(os.path.join(cls.profiles, "notes.txt"), "w") as f:
            f.write("not a profile")
        with open(os.path.join(cls.profiles, "package.json"), "w") as f:
            f.write('{"name": "x", "version": "1.0.0"}')
        with open(os.path.join(cls.profiles, "trace.cpuprofile.gz"), "wb") as f:
            f.write(gzip.compress(b'{"nodes": [], "startTime": 0, "endTime": 1, "samples": [], "timeDeltas": []}'))
        with open(os.path.join(cls.profiles, "broken.prof"), "w") as f:
            f.write("named like a profile: listed, so the page can say what is wrong")
        os.symlink(os.path.join(cls.root, "secret.txt"), os.path.join(cls.profiles, "out.prof"))
        os.utime(os.path.join(cls.profiles, "report.prof"), (946684800, 946684800))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)


TRAVERSALS = [
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E%2Fsecret.txt",
    "/assets/..%2f..%2fsecret.txt",
    "/assets%5c..%5c..%5csecret.txt",
    "/leak.js",
    "/.env",
    "/%00/etc/passwd",
    "/%zz",
    "/profiles/0/..%2f..%2fsecret.txt",
    "/profiles/0/../../secret.txt",
    "/profiles/dir/..%2fsecret.txt",
    "/profiles/dir/out.prof",
    "/profiles/dir/notes.txt",
    "/profiles/dir/%2e%2e",
    "/profiles/1/report.prof",
    "/profiles/9/report.prof",
]


class NamedFiles(Fixture):
    def setUp(self):
        self.server = ProfileServer(self.page, files=[os.path.join(self.profiles, "report.prof"),
                                                      os.path.join(self.profiles, "my file #1.prof")]).start()
        self.addCleanup(self.server.close)

    def test_binds_loopback_and_names_files_by_index_and_basename(self):
        self.assertRegex(self.server.origin, r"^http://127\.0\.0\.1:\d+$")
        self.assertEqual(self.server.profile_urls(), ["/profiles/0/report.prof", "/profiles/1/my%20file%20%231.prof"])
        self.assertEqual(page_url("http://o", ["/profiles/0/a b.prof"], watch=True, folder=False),
                         "http://o/?watch=1#url=%2Fprofiles%2F0%2Fa%20b.prof")

    def test_serves_the_page_and_the_named_files(self):
        status, headers, body = request(self.server.origin, "/")
        self.assertEqual((status, body), (200, b"<!doctype html><title>profburst</title>"))
        self.assertEqual(headers["Content-Type"], "text/html; charset=utf-8")
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(request(self.server.origin, "/assets/app.js")[1]["Content-Type"], "application/javascript; charset=utf-8")
        status, headers, body = request(self.server.origin, "/profiles/1/my%20file%20%231.prof")
        with open(os.path.join(self.profiles, "my file #1.prof"), "rb") as f:
            self.assertEqual((status, body), (200, f.read()))
        self.assertEqual(headers["Cache-Control"], "no-store")

    def test_refuses_traversal_and_anything_not_named(self):
        for path in TRAVERSALS + ["//" + os.path.join(self.root, "secret.txt")]:
            status, _, body = request(self.server.origin, path)
            self.assertEqual(status, 404 if path.startswith("/") else 400, path)
            self.assertNotIn(SECRET, body, path)
        # an absolute URI: http.client names evil.example in the Host header too, refused first
        status, _, body = request(self.server.origin, "http://evil.example/secret.txt")
        self.assertIn(status, (400, 403))
        self.assertNotIn(SECRET, body)

    def test_refuses_a_host_that_is_not_this_machine(self):
        port = self.server.origin.rsplit(":", 1)[1]
        self.assertEqual(request(self.server.origin, "/", host="evil.example")[0], 403)
        self.assertEqual(request(self.server.origin, "/", host="127.0.0.1.evil.example:" + port)[0], 403)
        self.assertEqual(request(self.server.origin, "/", host="localhost:" + port)[0], 200)
        self.assertEqual(request(self.server.origin, "/", host="[::1]:" + port)[0], 200)

    def test_get_and_head_only(self):
        status, headers, body = request(self.server.origin, "/", method="POST")
        self.assertEqual((status, headers["Allow"]), (405, "GET, HEAD"))
        status, headers, body = request(self.server.origin, "/", method="HEAD")
        self.assertEqual((status, body, headers["Content-Length"]), (200, b"", "39"))
        # no listing and no events unless asked for
        self.assertEqual(request(self.server.origin, "/__profburst/list")[0], 404)
        self.assertEqual(request(self.server.origin, "/__profburst/events")[0], 404)


class Folder(Fixture):
    def test_lists_the_profiles_newest_first_and_serves_only_them(self):
        server = ProfileServer(self.page, folder=self.profiles).start()
        self.addCleanup(server.close)
        status, headers, body = request(server.origin, "/__profburst/list")
        listing = json.loads(body)
        self.assertEqual(status, 200)
        self.assertEqual([p["name"] for p in listing][-1], "report.prof")  # the oldest
        self.assertEqual(sorted(p["name"] for p in listing), ["broken.prof", "my file #1.prof", "report.prof", "trace.cpuprofile.gz"])
        entry = next(p for p in listing if p["name"] == "my file #1.prof")
        self.assertEqual(entry["url"], "/profiles/dir/my%20file%20%231.prof")
        self.assertEqual(entry["size"], os.path.getsize(os.path.join(self.profiles, "my file #1.prof")))
        self.assertAlmostEqual(entry["mtime"], os.stat(os.path.join(self.profiles, "my file #1.prof")).st_mtime * 1000, delta=1)
        self.assertEqual(request(server.origin, entry["url"])[0], 200)
        self.assertEqual(server.profile_urls(), [listing[0]["url"]])
        for path in TRAVERSALS:
            self.assertNotIn(SECRET, request(server.origin, path)[2], path)
        self.assertEqual(request(server.origin, "/profiles/dir/package.json")[0], 404)

    def test_any_host_when_opened_to_the_network(self):
        server = ProfileServer(self.page, folder=self.profiles, host="0.0.0.0").start()
        self.addCleanup(server.close)
        self.assertRegex(server.origin, r"^http://127\.0\.0\.1:\d+$")
        self.assertEqual(request(server.origin, "/", host="my-laptop.lan")[0], 200)


def read_events(origin, until, timeout=10.0):
    """The event stream's text until `until` is in it."""
    hostname, port = origin.rsplit("/", 1)[1].rsplit(":", 1)
    conn = http.client.HTTPConnection(hostname, int(port), timeout=timeout)
    conn.request("GET", "/__profburst/events")
    res = conn.getresponse()
    assert res.status == 200 and res.getheader("Content-Type").startswith("text/event-stream")
    text = b""
    deadline = time.monotonic() + timeout
    while until not in text and time.monotonic() < deadline:
        chunk = res.fp.read1(4096) if hasattr(res.fp, "read1") else res.read(1)
        if not chunk:
            break
        text += chunk
        if text.startswith(b"retry: 1000\n\n") and len(text) == len(b"retry: 1000\n\n"):
            yield "open"
    conn.close()
    yield text.decode()


class Watch(Fixture):
    def test_a_rewritten_named_file_is_announced_once_finished(self):
        folder = tempfile.mkdtemp(dir=self.root)
        file = os.path.join(folder, "handler.prof")
        write_prof(file)
        changed = []
        server = ProfileServer(self.page, files=[file], watch=True, poll=0.05, debounce=0.1, on_change=changed.append).start()
        self.addCleanup(server.close)
        events = read_events(server.origin, b"event: change")
        self.assertEqual(next(events), "open")
        write_prof(os.path.join(folder, "next.tmp"), 50)
        os.replace(os.path.join(folder, "next.tmp"), file)  # a new inode, as editors and atomic writers do
        text = next(events)
        data = json.loads(text.split("event: change\ndata: ", 1)[1].split("\n", 1)[0])
        self.assertEqual(data["url"], "/profiles/0/handler.prof")
        self.assertAlmostEqual(data["mtime"], os.stat(file).st_mtime * 1000, delta=1)
        self.assertEqual(changed, ["/profiles/0/handler.prof"])

    def test_a_new_file_in_the_folder_sends_the_new_list(self):
        folder = tempfile.mkdtemp(dir=self.root)
        write_prof(os.path.join(folder, "a.prof"))
        server = ProfileServer(self.page, folder=folder, watch=True, poll=0.05, debounce=0.1).start()
        self.addCleanup(server.close)
        events = read_events(server.origin, b"b.prof")
        self.assertEqual(next(events), "open")
        write_prof(os.path.join(folder, "b.prof"))
        text = next(events)
        listing = json.loads(text.split("event: list\ndata: ", 1)[1].split("\n", 1)[0])
        self.assertEqual(sorted(p["name"] for p in listing), ["a.prof", "b.prof"])


class Command(Fixture):
    def run_main(self, *args):
        err = io.StringIO()
        with redirect_stderr(err):
            code = main(list(args))
        return code, err.getvalue()

    def test_says_what_is_wrong_with_the_arguments(self):
        self.assertEqual(self.run_main("nope.prof"), (1, "profburst: cannot read nope.prof\n"))
        code, err = self.run_main(self.profiles, os.path.join(self.profiles, "report.prof"))
        self.assertEqual((code, err.splitlines()[0]), (2, "profburst: serve one DIR, or files; not both"))
        code, err = self.run_main("--port", "x", self.profiles)
        self.assertEqual((code, err.splitlines()[0]), (2, "profburst: --port needs a number from 0 to 65535"))
        code, err = self.run_main("--frobnicate", self.profiles)
        self.assertEqual((code, err.splitlines()[0]), (2, "profburst: unknown option --frobnicate"))
        # --name=value is the same option as --name value, as in the npm CLI
        code, err = self.run_main(self.profiles, "--port=99999")
        self.assertEqual((code, err.splitlines()[0]), (2, "profburst: --port needs a number from 0 to 65535"))
        code, err = self.run_main(self.profiles, "--port")
        self.assertEqual((code, err.splitlines()[0]), (2, "profburst: --port: expected one argument"))

    def test_serves_until_interrupted_and_prints_the_address(self):
        with serving(self, self.profiles) as (child, banner, origin):
            url = child.stdout.readline().decode().strip()
            self.assertRegex(banner, r"^profburst: serving on http://127\.0\.0\.1:\d+/ \(Ctrl-C to stop\)$")
            self.assertRegex(url, r"^http://127\.0\.0\.1:\d+/\?dir=1#url=%2Fprofiles%2Fdir%2F")
            self.assertEqual(request(origin, "/__profburst/list")[0], 200)


if __name__ == "__main__":
    unittest.main()
