# Writes N per-request .prof files the way a cProfile middleware does (one Profile per request,
# dump_stats to METHOD.PATH.TIMEms.STAMP.prof), for the profile list's bench: npm run bench.
# Usage: requests.py DIR N
import base64, cProfile, collections, datetime, decimal, fractions, hashlib, html, json, os, random, re, statistics, string, sys, textwrap, time, urllib.parse

def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)

def render(rows):
    return "".join(f"<tr><td>{r['id']}</td><td>{r['name'].title()}</td></tr>" for r in rows)

def handler(i):
    rows = [{"id": k, "name": f"user {k}"} for k in range(20 + i % 30)]
    body = json.dumps({"rows": rows, "fib": fib(8 + i % 6)})
    re.sub(r"\d+", "#", body)
    sorted(rows, key=lambda r: -r["id"])
    # a spread of the standard library, as a real handler touches: ~10 KB of functions per profile
    urllib.parse.urlencode({"q": "a b", "page": i}); urllib.parse.urlparse("https://x.org/a?b=c")
    html.escape(body[:200]); textwrap.wrap(body[:400], 40); base64.b64encode(body.encode()[:100])
    hashlib.sha256(body.encode()).hexdigest(); statistics.mean([r["id"] for r in rows]); statistics.median([1, 2, 3])
    collections.Counter(body[:300]).most_common(3); str(decimal.Decimal("1.1") * 3); fractions.Fraction(3, 6)
    datetime.datetime(2024, 1, 1).isoformat(); datetime.datetime.strptime("2024-01-02", "%Y-%m-%d")
    string.Template("$a").substitute(a=1); "{:>8}".format(i)
    return render(json.loads(body)["rows"])

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
random.seed(1)
for i in range(n):
    p = cProfile.Profile()
    t = time.perf_counter()
    p.runcall(handler, i)
    ms = (time.perf_counter() - t) * 1e3
    route = "report" if i % 3 == 0 else "users"
    p.dump_stats(os.path.join(out, f"GET.{route}.{ms:.0f}ms.{1_700_000_000 + i}.prof"))
