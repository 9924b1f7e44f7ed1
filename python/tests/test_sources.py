"""/__profburst/source on the Python server: the npm CLI's rules (src/cli/sourceServe.test.ts). Only
a file the served profile names, only under the source roots (by real path); no traversal, no
encoded separators, no symlink out. Expected bytes are read from disk, not from the server."""
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stderr
from urllib.parse import quote
from urllib.request import pathname2url

from profburst.cli import main
from profburst.server import ProfileServer
from test_server import request, serving

SECRET = b"TOP-SECRET-CONTENT"


def callgrind(names):
    lines = ["# callgrind format", "events: Ir"]
    for i, name in enumerate(names):
        lines += ["fl=%s" % name, "fn=f%d" % i, "1 %d" % (i + 1)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def source_url(profile, name):
    return "/__profburst/source?profile=%s&file=%s" % (quote(profile, safe=""), quote(name, safe=""))


class Sources(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        base = cls.base = os.path.realpath(tempfile.mkdtemp(prefix="profburst-sources-"))
        cls.src, cls.outside, cls.other, cls.empty = (os.path.join(base, d) for d in ("src", "outside", "other", "empty"))
        cls.page, cls.folder, cls.js = os.path.join(base, "page"), os.path.join(base, "folder"), os.path.join(base, "js")
        for d in (cls.src, cls.outside, cls.other, cls.empty, cls.page, cls.folder, cls.js, os.path.join(cls.src, "sub")):
            os.makedirs(d)
        cls.write(os.path.join(cls.page, "index.html"), b"<!doctype html>")
        cls.write(os.path.join(cls.outside, "secret.py"), b"SECRET = '" + SECRET + b"'\ndef peek(): return 1\n")
        cls.write(os.path.join(cls.src, "helper.py"), "def work(n):\n    return sum(i * i for i in range(n))  # é\n".encode())
        cls.write(os.path.join(cls.src, "notnamed.py"), b"print(1)\n")
        cls.write(os.path.join(cls.other, "script.py"), b"# the other root's script.py\n")
        os.symlink("../outside/secret.py", os.path.join(cls.src, "link.py"))
        cls.write(os.path.join(cls.src, "script.py"), "\n".join([
            "import os, sys",
            "sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'outside'))",
            "import helper, link, secret",
            "helper.work(1000); link.peek(); secret.peek()",
            "",
        ]).encode())
        # run by its relative name, cProfile records "script.py"; modules get absolute paths
        cls.prof = os.path.join(base, "x.prof")
        subprocess.check_call([sys.executable, "-m", "cProfile", "-o", cls.prof, "script.py"], cwd=cls.src,
                              stdout=subprocess.DEVNULL)
        shutil.copy(cls.prof, os.path.join(cls.folder, "x.prof"))
        os.mkfifo(os.path.join(cls.src, "fifo"))
        with open(os.path.join(cls.src, "big.txt"), "wb") as f:
            f.truncate(17 * 1024 * 1024)
        # a .cpuprofile as a JSON writer that escapes slashes leaves it: file:\/\/\/...my%20app.js
        cls.app_js = os.path.join(cls.js, "my app.js")
        cls.write(cls.app_js, b"function spin() {}\n")
        cls.app_url = "file://" + pathname2url(cls.app_js)
        node = {"id": 1, "callFrame": {"functionName": "spin", "scriptId": "1", "url": cls.app_url, "lineNumber": 0, "columnNumber": 0},
                "hitCount": 1, "children": []}
        text = json.dumps({"nodes": [node], "startTime": 0, "endTime": 1, "samples": [1], "timeDeltas": [1]})
        cls.cpuprofile = os.path.join(base, "app.cpuprofile")
        cls.write(cls.cpuprofile, text.replace("/", "\\/").encode())
        cls.hostile_names = [
            "../outside/secret.py",
            "src/../../outside/secret.py",
            "%2e%2e%2foutside%2fsecret.py",
            "..%2foutside%2fsecret.py",
            "..\\outside\\secret.py",
            cls.outside + "/secret.py",
            cls.src + "/../outside/secret.py",
            "file://" + cls.src + "/%2e%2e/outside/secret.py",
            "file://" + cls.src + "/..%2Foutside%2Fsecret.py",
            "file://localhost" + cls.outside + "/secret.py",
            "/etc/passwd",
            "file:///etc/passwd",
            "link.py",
            "fifo",
            "sub",
            "http://127.0.0.1/x.py",
        ]
        cls.hostile = os.path.join(base, "hostile.callgrind.gz")
        cls.write(cls.hostile, gzip.compress(callgrind(cls.hostile_names + ["big.txt"])))
        cls.cached = os.path.join(base, "cache.callgrind")
        cls.write(os.path.join(cls.src, "cached.c"), b"int cached;\n")
        cls.write(cls.cached, callgrind(["cached.c"]))
        os.utime(cls.cached, (1000000, 1000000))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.base, ignore_errors=True)

    @staticmethod
    def write(path, data):
        with open(path, "wb") as f:
            f.write(data)

    @staticmethod
    def read(path):
        with open(path, "rb") as f:
            return f.read()

    def serve(self, roots, **kwargs):
        if "folder" not in kwargs:
            kwargs["files"] = [self.prof, self.cpuprofile, self.hostile, self.cached]
        server = ProfileServer(self.page, source_roots=roots, **kwargs).start()
        self.addCleanup(server.close)
        return server

    def test_serves_a_named_file_its_exact_bytes_as_text_never_cached_and_head(self):
        server = self.serve([self.src, self.js])
        prof_url, cpu_url = server.profile_urls()[:2]
        cases = [
            (prof_url, os.path.join(self.src, "helper.py"), os.path.join(self.src, "helper.py")),
            (prof_url, "script.py", os.path.join(self.src, "script.py")),
            (cpu_url, self.app_url, self.app_js),  # the URL, escaped in the file
            (cpu_url, self.app_js, self.app_js),  # the path of that URL
        ]
        self.assertIn("my%20app.js", self.app_url)
        for profile, name, path in cases:
            status, headers, body = request(server.origin, source_url(profile, name))
            self.assertEqual(status, 200, name)
            self.assertEqual(headers["Content-Type"], "text/plain; charset=utf-8")
            self.assertEqual(headers["Cache-Control"], "no-store")
            self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
            self.assertEqual(body, self.read(path), name)
            status, headers, body = request(server.origin, source_url(profile, name), method="HEAD")
            self.assertEqual((status, body, headers["Content-Length"]), (200, b"", str(len(self.read(path)))))

    def test_refuses_a_file_the_profile_does_not_name_whatever_the_encoding(self):
        server = self.serve([self.src])
        prof_url = server.profile_urls()[0]
        for name in (os.path.join(self.src, "notnamed.py"), "notnamed.py", "../outside/secret.py",
                     self.outside + "/secret.py", "/etc/passwd", "./script.py"):
            status, _, body = request(server.origin, source_url(prof_url, name))
            self.assertEqual(status, 404, name)
            self.assertNotIn(SECRET, body)
        p = quote(prof_url, safe="")
        for query in ("file=%2e%2e%2foutside%2fsecret.py", "file=..%252foutside%252fsecret.py",
                      "file=" + quote(self.outside, safe="") + "%2fsecret.py", "file=%2Fetc%2Fpasswd",
                      "file=..%5coutside%5csecret.py", "file=script.py%00"):
            status, _, body = request(server.origin, "/__profburst/source?profile=%s&%s" % (p, query))
            self.assertEqual(status, 404, query)
            self.assertNotIn(SECRET, body)

    def test_refuses_every_name_of_a_hostile_profile_that_leads_out_of_the_roots(self):
        server = self.serve([self.src])
        hostile_url = server.profile_urls()[2]
        with open("/etc/passwd", "rb") as f:
            passwd = f.readline().strip()
        for name in self.hostile_names:
            status, _, body = request(server.origin, source_url(hostile_url, name))
            self.assertIn(status, (403, 404), name)
            self.assertNotIn(SECRET, body, name)
            self.assertNotIn(passwd, body, name)
        for name in (self.outside + "/secret.py", self.src + "/../outside/secret.py", "link.py", "/etc/passwd",
                     "file://localhost" + self.outside + "/secret.py"):
            status, _, body = request(server.origin, source_url(hostile_url, name))
            self.assertEqual(status, 403, name)
            self.assertIn(b"outside the source roots", body)
        # the same names the profile does not hold are not looked up at all: 404, even for /etc/passwd
        status, _, _ = request(server.origin, source_url(server.profile_urls()[3], "/etc/passwd"))
        self.assertEqual(status, 404)
        # `..` out of the roots is refused before the file system is asked: 404, not 403
        status, _, _ = request(server.origin, source_url(hostile_url, "../outside/secret.py"))
        self.assertEqual(status, 404)
        # cProfile names the symlink and the module outside by their paths as imported
        self.assertEqual(request(server.origin, source_url(server.profile_urls()[0], os.path.join(self.src, "link.py")))[0], 403)
        self.assertEqual(request(server.origin, source_url(server.profile_urls()[0], self.src + "/../outside/secret.py"))[0], 403)

    def test_413_over_16_mb(self):
        server = self.serve([self.src])
        status, _, body = request(server.origin, source_url(server.profile_urls()[2], "big.txt"))
        self.assertEqual(status, 413)
        self.assertIn(b"too large", body)

    def test_404_for_a_profile_not_served_and_400_without_one_profile_and_one_file(self):
        server = self.serve([self.src])
        for profile in ("/profiles/9/x.prof", "/profiles/0/other.prof", self.prof, "/profiles/0/..%2f..%2fx.prof",
                        "/profiles/dir/x.prof", "/index.html"):
            self.assertEqual(request(server.origin, source_url(profile, "script.py"))[0], 404, profile)
        p = quote(server.profile_urls()[0], safe="")
        for query in ("", "profile=" + p, "file=script.py", "profile=%s&file=script.py&file=helper.py" % p):
            self.assertEqual(request(server.origin, "/__profburst/source?" + query)[0], 400, query)

    def test_reads_a_profiles_names_once_per_size_and_mtime(self):
        server = self.serve([self.src])
        url = source_url(server.profile_urls()[3], "cached.c")
        self.assertEqual(request(server.origin, url)[0], 200)
        # same size and mtime, no longer naming it: what was found the first time still stands
        self.write(self.cached, b" " * len(self.read(self.cached)))
        os.utime(self.cached, (1000000, 1000000))
        self.assertEqual(request(server.origin, url)[0], 200)
        os.utime(self.cached, (2000000, 2000000))
        self.assertEqual(request(server.origin, url)[0], 404)

    def test_searches_the_roots_in_order_the_first_that_has_it_wins(self):
        server = self.serve([self.empty, self.other, self.src])
        status, _, body = request(server.origin, source_url(server.profile_urls()[0], "script.py"))
        self.assertEqual((status, body), (200, self.read(os.path.join(self.other, "script.py"))))

    def test_serves_nothing_without_roots(self):
        server = self.serve(None)
        self.assertEqual(request(server.origin, source_url(server.profile_urls()[0], os.path.join(self.src, "helper.py")))[0], 403)
        self.assertEqual(request(server.origin, source_url(server.profile_urls()[0], "script.py"))[0], 404)

    def test_a_folders_profiles_by_their_dir_url(self):
        server = self.serve([self.src], folder=self.folder)
        helper = os.path.join(self.src, "helper.py")
        status, _, body = request(server.origin, source_url("/profiles/dir/x.prof", helper))
        self.assertEqual((status, body), (200, self.read(helper)))
        self.assertEqual(request(server.origin, source_url("/profiles/0/x.prof", helper))[0], 404)

    def test_the_command_takes_source_root_repeatable_and_refuses_one_that_is_not_a_folder(self):
        err = io.StringIO()
        with redirect_stderr(err):
            code = main([self.prof, "--source-root", self.src, "--source-root", os.path.join(self.base, "nope")])
        self.assertEqual((code, err.getvalue()), (1, "profburst: --source-root %s is not a folder\n" % os.path.join(self.base, "nope")))
        # the later root has it: both were kept, not only the last
        with serving(self, "--source-root=" + self.src, "--source-root", self.empty, self.prof) as (_, _banner, origin):
            status, _, body = request(origin, source_url("/profiles/0/x.prof", "script.py"))
            self.assertEqual((status, body), (200, self.read(os.path.join(self.src, "script.py"))))


if __name__ == "__main__":
    unittest.main()
