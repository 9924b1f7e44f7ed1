#!/usr/bin/env python3
"""Independent reader of the sampled CPU profiles in a Chrome trace (Profile and ProfileChunk
events, as DevTools' Performance panel records them), for the importer's tests.

One profile per (pid, profile id): its chunks' nodes (each naming its parent), samples and
timeDeltas in the file's order, startTime from the Profile event, endTime from a chunk if one
has it, else the last sample's time. DevTools' rule: the samples are put in time order (stably;
a trace may hold a few negative deltas), each lasts until the next, the last until endTime; a
function's total counts each sample once however often it recurs on the stack.
Functions are keyed "name|url|line|column", 1-based (0 when unknown), an empty name as
"(anonymous)". Usage: chrome_trace_oracle.py FILE -> JSON list on stdout, one entry per
profile with nodes: {"pid", "id", "tid", "total", "functions": {key: {"self", "total"}}}
"""
import json
import sys
from collections import OrderedDict, defaultdict


def main():
    doc = json.load(open(sys.argv[1], encoding='utf-8'))
    events = doc['traceEvents'] if isinstance(doc, dict) else doc
    profiles = OrderedDict()
    for e in events:
        if not isinstance(e, dict) or e.get('name') not in ('Profile', 'ProfileChunk'):
            continue
        data = (e.get('args') or {}).get('data') or {}
        p = profiles.setdefault((e.get('pid'), e.get('id')), {'nodes': [], 'samples': [], 'deltas': [], 'start': None, 'end': None, 'tid': None})
        if e['name'] == 'Profile':
            p['start'], p['tid'] = data.get('startTime'), e.get('tid')
            continue
        cpu = data.get('cpuProfile') or {}
        p['nodes'] += cpu.get('nodes', [])
        p['samples'] += cpu.get('samples', [])
        p['deltas'] += data.get('timeDeltas', [])
        for where in (cpu, data):
            if 'endTime' in where:
                p['end'] = where['endTime']
    out = []
    for (pid, pid_id), p in profiles.items():
        if not p['nodes']:
            continue
        parent, key = {}, {}
        for n in p['nodes']:
            cf = n.get('callFrame', {})
            line, column = cf.get('lineNumber', -1), cf.get('columnNumber', -1)
            key[n['id']] = '%s|%s|%d|%d' % (cf.get('functionName') or '(anonymous)', cf.get('url', ''), line + 1 if line >= 0 else 0, column + 1 if column >= 0 else 0)
            if 'parent' in n:
                parent[n['id']] = n['parent']
        t, times = p['start'] or 0, []
        for d in p['deltas']:
            t += d
            times.append(t)
        order = sorted(range(len(times)), key=lambda i: times[i])  # sorted() is stable
        end = p['end'] if p['end'] is not None else (times[order[-1]] if times else 0)
        self_t, total_t = defaultdict(float), defaultdict(float)
        total = 0
        for k, i in enumerate(order):
            w = (times[order[k + 1]] if k + 1 < len(order) else end) - times[i]
            if w <= 0:
                continue
            total += w
            s = p['samples'][i]
            self_t[key[s]] += w
            seen = set()
            while s is not None:
                if key[s] not in seen:
                    seen.add(key[s])
                    total_t[key[s]] += w
                s = parent.get(s)
        out.append({'pid': pid, 'id': pid_id, 'tid': p['tid'], 'total': total,
                    'functions': {k: {'self': self_t.get(k, 0), 'total': v} for k, v in total_t.items()}})
    json.dump(out, sys.stdout)


main()
