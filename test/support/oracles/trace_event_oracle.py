#!/usr/bin/env python3
"""Independent reader of trace-event JSON duration events, for the importer's tests.

Prints per thread "pid:tid": total, and per function (event name) self, total and calls.
Definitions (the Trace Event Format's, written here without profburst's code):
- per thread, B and E events in ts order (file order among equal ts); an E ends the innermost
  open B; X events last `dur`. A B never ended ends at the thread's last time (max over ts and
  ts + dur). E with nothing open is ignored.
- an event that ends after its parent is cut at the parent's end;
- an event's parent is the innermost earlier event (ordered by start, longer first, then file
  order) that contains its start and has not ended (ends after it starts);
- total of a function: the length of the union of its events' intervals (so recursion counts
  once); self: each event's duration minus its direct children's durations; calls: its events;
- the thread's total: the length of the union of its top-level events.
`samples` + `stackFrames` threads: self per leaf += weight, total per distinct frame on the
stack += weight (the frame's name and category as the function).
Usage: trace_event_oracle.py FILE -> JSON on stdout
"""
import json
import sys
from collections import defaultdict


def num(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str) and v.strip():
        try:
            return float(v)
        except ValueError:
            return None
    return None


def ident(v):
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        return ''
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def union_length(intervals):
    total, cur_s, cur_e = 0.0, None, None
    for s, e in sorted(intervals):
        if cur_e is None or s > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None:
        total += cur_e - cur_s
    return total


def thread(events):
    # events: list of (file index, event)
    be = sorted([(num(e['ts']), i, e) for i, e in events], key=lambda x: (x[0], x[1]))
    last = max([t for t, _, _ in be] + [num(e['ts']) + num(e['dur']) for i, e in events if e['ph'] == 'X' and num(e.get('dur')) is not None and num(e['dur']) >= 0] or [0])
    intervals = []  # (start, end, name, file index)
    open_ = []
    for t, i, e in be:
        name = e['name'] if isinstance(e.get('name'), str) else '(unnamed)'
        if e['ph'] == 'X':
            d = num(e.get('dur'))
            d = d if d is not None and d >= 0 else 0.0
            intervals.append([t, t + d, name, i])
        elif e['ph'] == 'B':
            open_.append(len(intervals))
            intervals.append([t, None, name, i])
        elif open_:
            intervals[open_.pop()][1] = t
    for k in open_:
        intervals[k][1] = last
    intervals.sort(key=lambda x: (x[0], -x[1], x[3]))
    parent = [None] * len(intervals)
    stack = []
    for k, (s, e, _, _) in enumerate(intervals):
        while stack and intervals[stack[-1]][1] <= s:
            stack.pop()
        parent[k] = stack[-1] if stack else None
        if stack and e > intervals[stack[-1]][1]:
            # overlapping without nesting: cut at the parent's end (the importer's documented repair)
            intervals[k][1] = intervals[stack[-1]][1]
        stack.append(k)
    self_ = defaultdict(float)
    spans = defaultdict(list)
    calls = defaultdict(int)
    for k, (s, e, name, _) in enumerate(intervals):
        self_[name] += e - s
        spans[name].append((s, e))
        calls[name] += 1
        if parent[k] is not None:
            self_[intervals[parent[k]][2]] -= e - s
    top = [(s, e) for k, (s, e, _, _) in enumerate(intervals) if parent[k] is None]
    return union_length(top), {n: {'self': self_[n], 'total': union_length(spans[n]), 'calls': calls[n]} for n in spans}


def sampled(samples, frames):
    self_, total = defaultdict(float), defaultdict(float)
    tot = 0.0
    for s in samples:
        w = 1.0 if 'weight' not in s else num(s['weight'])
        chain, at = [], ident(s.get('sf'))
        while at:
            f = frames[at]
            chain.append(f'{f["name"]}|{f.get("category", "")}')
            p = f.get('parent')
            at = ident(p) if p is not None else ''
        tot += w
        self_[chain[0]] += w
        for k in set(chain):
            total[k] += w
    return tot, {k: {'self': self_[k], 'total': total[k]} for k in total}


def main():
    doc = json.load(open(sys.argv[1]))
    events = doc if isinstance(doc, list) else doc['traceEvents']
    threads = defaultdict(list)
    for i, e in enumerate(events):
        if isinstance(e, dict) and e.get('ph') in ('B', 'E', 'X') and num(e.get('ts')) is not None:
            threads[f"{ident(e.get('pid'))}:{ident(e.get('tid'))}"].append((i, e))
    out = {}
    for key, evs in threads.items():
        tot, funcs = thread(evs)
        out[key] = {'total': tot, 'functions': funcs}
    if isinstance(doc, dict) and isinstance(doc.get('samples'), list):
        by = defaultdict(list)
        for s in doc['samples']:
            by[f"{ident(s.get('pid'))}:{ident(s.get('tid'))}"].append(s)
        for key, ss in by.items():
            tot, funcs = sampled(ss, doc['stackFrames'])
            out[key] = {'total': tot, 'functions': funcs, 'sampled': True}
    json.dump(out, sys.stdout)


main()
