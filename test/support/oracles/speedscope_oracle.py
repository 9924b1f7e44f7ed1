#!/usr/bin/env python3
"""Independent reader of speedscope JSON files, for the importer's tests.

Prints, per profile (in the file's order), the total, and per function (name|file|line|col)
self, total (once per stack or per outermost activation) and, for evented profiles, calls.
Definitions, not profburst's code:
- sampled: a sample's weight is the leaf's self and the total of every distinct frame on it;
- evented: time between consecutive events belongs to the innermost open frame (self); a
  frame's total is the time its outermost activation was open; each "O" is a call.
  Repairs (documented in the importer): a close of a frame that is open but not innermost closes
  everything above it too; a close of a frame not open is dropped; frames still open at the end
  close at max(endValue, last event); an event earlier than the previous one happens at the
  previous one's time.
Usage: speedscope_oracle.py FILE  -> JSON on stdout
"""
import json
import sys
from collections import defaultdict


def key(fr):
    line = fr.get('line')
    col = fr.get('col')
    line = line if isinstance(line, int) and line > 0 else 0
    col = col if isinstance(col, int) and col > 0 else 0
    f = fr.get('file') if isinstance(fr.get('file'), str) else ''
    return f"{fr['name']}|{f}|{line}|{col}"


def sampled(p, keys):
    self_, total = defaultdict(float), defaultdict(float)
    for stack, w in zip(p['samples'], p['weights']):
        if stack:
            self_[keys[stack[-1]]] += w
        for k in {keys[i] for i in stack}:
            total[k] += w
    return sum(p['weights']), self_, total, None


def evented(p, keys):
    self_, total, calls = defaultdict(float), defaultdict(float), defaultdict(int)
    stack = []  # (frame key, open time)
    last = None
    busy = 0.0
    def advance(t):
        nonlocal last, busy
        if last is not None and stack and t > last:
            self_[stack[-1][0]] += t - last
            busy += t - last
        if last is None or t > last:
            last = t
    def close_top(t):
        advance(t)
        k, opened = stack.pop()
        if all(k != other for other, _ in stack):
            total[k] += t - opened
    for e in p['events']:
        t = e['at'] if last is None else max(e['at'], last)
        k = keys[e['frame']]
        if e['type'] == 'O':
            advance(t)
            stack.append((k, t))
            calls[k] += 1
        else:
            level = max((i for i, (other, _) in enumerate(stack) if other == k), default=-1)
            if level < 0:
                advance(t)
                continue
            while len(stack) > level:
                close_top(t)
    if stack:
        end = max(last, p.get('endValue', last))
        while stack:
            close_top(end)
    return busy, self_, total, calls


def main():
    doc = json.load(open(sys.argv[1]))
    keys = [key(fr) for fr in doc['shared']['frames']]
    out = []
    for p in doc['profiles']:
        tot, self_, total, calls = (sampled if p['type'] == 'sampled' else evented)(p, keys)
        funcs = {k: {'self': self_.get(k, 0.0), 'total': total[k]} for k in total}
        if calls is not None:
            for k in funcs:
                funcs[k]['calls'] = calls[k]
        out.append({'name': p.get('name', ''), 'total': tot, 'functions': funcs})
    json.dump({'profiles': out}, sys.stdout)


main()
