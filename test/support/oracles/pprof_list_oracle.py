#!/usr/bin/env python3
"""Flat and cum per source line of a pprof file, as Go's own `go tool pprof -list` prints them.

-list prints a function's lines only when it can open the function's file. The corpus's Go
program was built in a temporary folder (/tmp/tmp.XXXX/work.go) that is gone, and the standard
library's files may be another Go version's or missing; the numbers -list prints do not depend on
the text. So every file the profile names (read from `go tool pprof -raw`) is recreated under a
temporary folder at its own path: a copy of the SOURCE given with the same base name (work.go
from shared/corpus-tools), padded with blank lines if the profile names lines past its end, else
a stand-in of blank lines as long as the profile needs. -trim_path=/ makes every absolute path
relative and -source_path points pprof at the folder (it would otherwise find nothing, or a real
file of another version beside the stand-ins).

Values are printed in the sample type's own unit (-unit=ns for nanoseconds, B for bytes; counts
unscaled), so they are the exact integers the profile holds; anything else fails loudly.

Usage: pprof_list_oracle.py FILE SAMPLE_INDEX [SOURCE...] -> JSON on stdout:
  {"sample_type": "cpu/nanoseconds", "total": N,
   "functions": [{"name", "file", "lines": {line: [flat, cum]}}],   (lines with a non-zero value)
   "nosource": [names -list found no file for]}
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

UNIT_FLAG = {"nanoseconds": "ns", "microseconds": "us", "milliseconds": "ms", "seconds": "s", "bytes": "B"}
ENV = {**os.environ, "GOFLAGS": "", "GOPROXY": "off"}


def pprof(*args):
    return subprocess.run(["go", "tool", "pprof", *args], capture_output=True, text=True, check=True, env=ENV).stdout


def number(cell):
    if cell == ".":
        return 0
    m = re.fullmatch(r"(-?\d+)([A-Za-z]*)", cell)
    if not m:
        raise SystemExit(f"not an exact value: {cell!r}")
    return int(m.group(1))


path, index, sources = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3:]
raw = pprof("-raw", path).splitlines()
types = raw[raw.index("Samples:") + 1].split()
sample_type = next(t for t in types if t.split("/")[0] == index)
unit = sample_type.split("/", 1)[1]

# every file a location line names, and the last line it needs
needed = {}
for line in raw[raw.index("Locations"):]:
    m = re.search(r" (\S+):(-?\d+) s=-?\d+$", line)
    if m:
        needed[m.group(1)] = max(needed.get(m.group(1), 0), int(m.group(2)))
by_base = {os.path.basename(s): s for s in sources}

with tempfile.TemporaryDirectory() as tmp:
    printed_as = {}
    for name, last in needed.items():
        rel = name.lstrip("/")
        printed_as[rel] = name
        dest = os.path.join(tmp, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        have = 0
        if os.path.basename(name) in by_base:
            shutil.copyfile(by_base[os.path.basename(name)], dest)
            with open(dest) as f:
                have = sum(1 for _ in f)
        with open(dest, "a") as f:
            f.write("\n" * max(0, last + 10 - have))
    args = ["-list", ".", f"-sample_index={index}", "-trim_path=/", f"-source_path={tmp}"]
    if unit in UNIT_FLAG:
        args.append(f"-unit={UNIT_FLAG[unit]}")
    out = pprof(*args, path).splitlines()

total, functions, nosource, current = None, [], [], None
for line in out:
    if line.startswith("Total: "):
        total = number(line[len("Total: "):].strip())
    elif line.startswith("ROUTINE ======================== "):
        name, file = line[len("ROUTINE ======================== "):].rsplit(" in ", 1)
        current = {"name": name, "file": printed_as.get(file, file), "lines": {}}
        functions.append(current)
    elif line.startswith("No source information for "):
        nosource.append(line[len("No source information for "):])
    elif line.strip().startswith("Error:"):
        nosource.append(current["name"])
        current = None
    elif current is not None:
        m = re.match(r"^\s*(\S+)\s+(\S+)\s+(\d+):", line)
        if m:
            flat, cum = number(m.group(1)), number(m.group(2))
            if flat or cum:
                current["lines"][m.group(3)] = [flat, cum]

json.dump({"sample_type": sample_type, "total": total, "functions": functions, "nosource": nosource}, sys.stdout, indent=1)
