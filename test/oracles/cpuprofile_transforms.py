# An independent oracle for issue 16's transforms: reads a V8 .cpuprofile's nodes, samples and
# timeDeltas (no JavaScript, no profburst code), rewrites every sample's stack by the issue's
# definition of each transform in turn, and prints self and total per function as JSON.
# Usage: cpuprofile_transforms.py FILE 'JSON list of cases, each a list of transforms'
# (one result per case, so one run reads the file once)
# A transform names functions by the key "name|url|line|column" as the file writes them; a
# collapsed library becomes the function "L|L|-1|-1".
# A sample lasts until the next sample, the last one until endTime; a function's total counts
# each sample once however often it recurs on the stack.
import json, re, sys

p = json.load(open(sys.argv[1]))
cases = json.loads(sys.argv[2])
nodes = {n["id"]: n for n in p["nodes"]}
parent = {}
for n in p["nodes"]:
    for c in n.get("children", []):
        parent[c] = n["id"]
t, times = p["startTime"], []
for d in p["timeDeltas"]:
    t += d
    times.append(t)
dur = [times[i + 1] - times[i] for i in range(len(times) - 1)] + [max(0, p["endTime"] - times[-1])] if times else []

def key(n):
    cf = n["callFrame"]
    return "%s|%s|%d|%d" % (cf["functionName"], cf["url"], cf["lineNumber"], cf["columnNumber"])

def file_of(k):
    return k.split("|")[1]

def name_of(k):
    return k.split("|")[0]

def is_lib(k, prefixes):
    f = file_of(k)
    for pre in prefixes:
        if pre == "(built-in)":
            if f in ("", "~"):
                return True
        elif pre and (f.startswith(pre) or (not pre.startswith("/") and ("/" + pre) in f)):
            return True
    return False

def rewrite(s, tr):
    """The stack after the transform (root first), or None when the sample is dropped."""
    ty = tr["type"]
    if ty == "focus-subtree":
        P = tr["path"]
        return s[len(P) - 1:] if s[:len(P)] == P else None
    if ty == "focus-function":
        F = tr["funcs"]
        idx = [i for i, x in enumerate(s) if x in F]
        return s[idx[0]:] if idx else None
    if ty == "merge-function":
        return s[:1] + [x for x in s[1:] if x not in tr["funcs"]]
    if ty == "merge-call-node":
        P = tr["path"]
        return s[:len(P) - 1] + s[len(P):] if s[:len(P)] == P else s
    if ty == "drop-function":
        return None if any(x in tr["funcs"] for x in s) else s
    if ty == "collapse-recursion":
        F = tr["func"]
        idx = [i for i, x in enumerate(s) if x == F]
        return s[:idx[0] + 1] + s[idx[-1] + 1:] if idx else s
    if ty == "collapse-direct-recursion":
        F = tr["func"]
        return [x for i, x in enumerate(s) if not (i >= 2 and x == F and s[i - 1] == F)]
    if ty == "collapse-lib":
        L = tr["prefix"]
        out = s[:1]
        for i in range(1, len(s)):
            if is_lib(s[i], [L]):
                if not (i >= 2 and is_lib(s[i - 1], [L])):
                    out.append("%s|%s|-1|-1" % (L, L))
            else:
                out.append(s[i])
        return out
    if ty == "only-my-code":
        libs = tr["libs"]
        mine = [x for x in s[1:] if not is_lib(x, libs)]
        return s[:1] + mine if mine else s[:2]
    if ty == "hide":
        r = re.compile(tr["pattern"])
        return s[:1] + [x for x in s[1:] if not (r.search(name_of(x)) or r.search(file_of(x)))]
    raise ValueError(ty)

stacks = []
for sid, d in zip(p["samples"], dur):
    s, cur = [], sid
    while cur is not None:
        s.append(key(nodes[cur]))
        cur = parent.get(cur)
    s.reverse()
    stacks.append((s, d))

def run(transforms):
    self_t, total_t, grand = {}, {}, 0
    for s, d in stacks:
        for tr in transforms:
            s = rewrite(s, tr)
            if s is None:
                break
        if s is None:
            continue
        grand += d
        self_t[s[-1]] = self_t.get(s[-1], 0) + d
        for k in set(s):
            total_t[k] = total_t.get(k, 0) + d
    return {"total": grand, "self": self_t, "total_by_function": total_t}

json.dump([run(c) for c in cases], sys.stdout, sort_keys=True)
