#!/usr/bin/env python3
"""Per-line costs of a callgrind file as valgrind's own callgrind_annotate --auto=yes prints them.

callgrind_annotate annotates a source file only when it can open it. The corpus's sources are
gone (they lived in a temporary folder), and the counts it prints do not depend on the text, so
every file the profile names gets a stand-in of blank-ish lines under a temporary include folder
(names that are real files on this machine are read as they are). What is printed per line:
  - self: the line's cost in the first event, summed over every function with cost lines at that
    file:line (callgrind_annotate annotates per file, not per function);
  - calls: the "=> callee (Nx)" lines under it: inclusive cost and count of the calls made from
    that line by the first function (in file order) that calls from it.
Usage: callgrind_lines_oracle.py FILE -> JSON on stdout:
  {"event", "files": {file: {"self": {line: cost}, "calls": {line: [[callee, cost, count]]}}}, "unfound": [...]}
"""
import json
import os
import re
import subprocess
import sys
import tempfile

STUB_LINES = 20000

path = os.path.abspath(sys.argv[1])
event, files = None, set()
with open(path, errors="replace") as f:
    for line in f:
        if line.startswith("events:") and event is None:
            event = line.split()[1]
        m = re.match(r"^c?f[lie]=(?:\(\d+\) ?)?(.+)$", line.rstrip("\n"))
        if m:
            files.add(m.group(1))

number = lambda s: 0 if s == "." else int(s.replace(",", ""))

with tempfile.TemporaryDirectory() as tmp:
    for name in files:
        if name == "???":
            continue
        stub = tmp + "/" + name
        try:
            os.makedirs(os.path.dirname(stub), exist_ok=True)
            with open(stub, "w") as out:
                out.write("".join("@L%d@\n" % n for n in range(1, STUB_LINES + 1)))
        except OSError:
            pass  # a name that is no path (php:internal): left unfound
    out = subprocess.run(["callgrind_annotate", "--auto=yes", "--threshold=100", "--show=" + event,
                          "--include=" + tmp + "/", path],
                         capture_output=True, text=True, check=True, cwd=tmp).stdout

# Lines are counted, not read from the text: a name that is a real path on this machine
# (/usr/include/stdlib.h) is opened before the stand-in. A range of printed lines starts at line 1
# or after a "-- line N" marker, and ends at the next marker.
result, current, unfound, in_unfound = {}, None, [], False
line_no, in_range, last_line = 0, False, None
for raw in out.splitlines():
    m = re.match(r"^-- (?:Auto|User)-annotated source: (.*)$", raw)
    if m:
        name = m.group(1)
        if " + " in name:
            name = name.split(" + ", 1)[1]
        current = result.setdefault(name, {"self": {}, "calls": {}})
        in_unfound, line_no, in_range, last_line = False, 0, None, None
        continue
    if raw.startswith("The following files chosen for auto-annotation could not be found"):
        current, in_unfound = None, True
        continue
    if in_unfound:
        m = re.match(r"^  (\S.*)$", raw)
        if m:
            unfound.append(m.group(1))
        continue
    if current is None:
        continue
    m = re.match(r"^-- line (\d+) -+$", raw)
    if m:
        if in_range:
            in_range = False
        else:
            in_range, line_no = True, int(m.group(1)) - 1
        continue
    m = re.match(r"^\s*([\d,]+|\.)(?: \(\s*[\d.]+%\))?(?: (.*))?$", raw)
    if not m:
        continue
    cost, rest = number(m.group(1)), m.group(2) or ""
    n = re.match(r"^ => (.*) \(([\d,]+)x\)$", rest)
    if n and last_line is not None:
        current["calls"].setdefault(last_line, []).append([n.group(1), cost, number(n.group(2))])
        continue
    n = re.match(r"^ <bogus line (\d+)>$", rest)
    if n:
        current["self"][n.group(1)] = current["self"].get(n.group(1), 0) + cost
        continue
    if in_range is None:
        in_range, line_no = True, 0  # the first range starts at line 1, without a marker
    if not in_range:
        continue
    line_no += 1
    last_line = str(line_no)
    if m.group(1) != ".":
        current["self"][last_line] = current["self"].get(last_line, 0) + cost

json.dump({"event": event, "files": result, "unfound": sorted(unfound)}, sys.stdout, indent=1, sort_keys=True)
