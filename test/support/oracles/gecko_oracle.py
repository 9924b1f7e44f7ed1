#!/usr/bin/env python3
"""Independent reader of Firefox Profiler files (raw Gecko, DevTools recordings, processed), for
the importer's tests.

Prints per thread (keyed by "where" it sits, e.g. "threads[0]", "processes[1].threads[0]") the
total and per function self and total (once per sample), in ms: each sample weighs meta.interval
times its weight (the Firefox Profiler's running time), "tracing-ms" weights ms, "bytes" bytes.
Functions: raw frames by their location string ("name (file:line:col)" split into its parts; an
address alone with the library of its process's "libs" it lies in as its file),
processed frames by their funcTable row (name, fileName, lineNumber, columnNumber).
Usage: gecko_oracle.py FILE -> JSON on stdout
"""
import json
import re
import sys
from collections import defaultdict


def place(inner):
    """(file, line, col) of "url:line:col", "url:line" or a bare "url"; None otherwise"""
    if '(' in inner or ')' in inner:
        return None
    m = re.match(r'^(.*?)(?::(\d{1,9}))?(?::(\d{1,9}))?$', inner, re.S)
    file, a, b = m.group(1), m.group(2), m.group(3)
    if a is None and '://' not in file:
        return None
    return file, int(a or 0), int(b or 0)


def location_key(location):
    # Firefox 128+: a trailing "[N]" is the script's source index; a script's top level and an
    # anonymous function are written as the bare place ("url[N]", "url:line:col[N]")
    s = re.sub(r'\[\d{1,9}\]$', '', location)
    m = re.match(r'^(.*) \((.*)\)$', s, re.S)
    if m:
        p = place(m.group(2))
        return f'{m.group(1)}|{p[0]}|{p[1]}|{p[2]}' if p else f'{location}||0|0'
    if '://' in s and not re.search(r'\s', s):
        p = place(s)
        if p:
            return f'{s}|{p[0]}|{p[1]}|{p[2]}'
    return f'{location}||0|0'


def rows(table):
    schema = table['schema']
    names = {n: i for i, n in enumerate(schema)} if isinstance(schema, list) else schema
    def get(row, name):
        i = names.get(name)
        return row[i] if i is not None and i < len(row) else None
    return table['data'], get


def library_of(location, libs):
    """the library (name, else debugName, else the path's last part) an address-only frame lies in"""
    if not re.fullmatch(r'0x[0-9a-fA-F]{1,13}', location):
        return ''
    address = int(location, 16)
    for lib in libs:
        if isinstance(lib, dict) and isinstance(lib.get('start'), (int, float)) and isinstance(lib.get('end'), (int, float)) \
                and lib['start'] <= address < lib['end']:
            names = [lib.get('name'), lib.get('debugName'), (lib.get('path') or '').split('/')[-1] if isinstance(lib.get('path'), str) else '']
            return next((n for n in names if isinstance(n, str) and n), '')
    return ''


def raw_thread(t, interval, shared=None, libs=()):
    strings = t.get('stringTable') or t.get('stringArray') or shared
    frames, fget = rows(t['frameTable'])
    stacks, sget = rows(t['stackTable'])
    samples, smget = rows(t['samples'])
    def key_of(location):
        k = location_key(location)
        lib = library_of(location, libs)
        return k.replace('||', f'|{lib}|', 1) if lib else k
    frame_key = [key_of(strings[fget(r, 'location')]) for r in frames]
    def chain(s):
        out = []
        while s is not None:
            out.append(frame_key[sget(stacks[s], 'frame')])
            s = sget(stacks[s], 'prefix')
        return out
    wt = t['samples'].get('weightType', 'samples')
    out = []
    for r in samples:
        s = smget(r, 'stack')
        if s is None:
            continue
        w = smget(r, 'weight')
        out.append((chain(s), 1 if w is None else w))
    return out, wt


def processed_thread(t, shared):
    # version 56+: strings in shared.stringArray; 60+: stack, frame and func tables in shared too;
    # 58+: a function's file is its source's filename (shared.sources)
    strings = t.get('stringArray') or t.get('stringTable') or shared.get('stringArray')
    table = lambda k: t[k] if k in t else shared[k]
    ft, st, fn, sm = table('frameTable'), table('stackTable'), table('funcTable'), t['samples']
    def file_of(fi):
        if fn.get('fileName'):
            return strings[fn['fileName'][fi]] if fn['fileName'][fi] is not None else ''
        if fn.get('source') and fn['source'][fi] is not None:
            name = shared['sources']['filename'][fn['source'][fi]]
            return strings[name] if name is not None else ''
        return ''
    def fkey(f):
        fi = ft['func'][f]
        file = file_of(fi)
        line = fn['lineNumber'][fi] if fn.get('lineNumber') and fn['lineNumber'][fi] else 0
        col = fn['columnNumber'][fi] if fn.get('columnNumber') and fn['columnNumber'][fi] else 0
        return f"{strings[fn['name'][fi]]}|{file}|{line}|{col}"
    out = []
    for i, s in enumerate(sm['stack']):
        if s is None:
            continue
        c = []
        while s is not None:
            c.append(fkey(st['frame'][s]))
            s = st['prefix'][s]
        w = sm['weight'][i] if sm.get('weight') else 1
        out.append((c, w))
    return out, sm.get('weightType', 'samples')


def summarise(samples, wt, interval):
    factor = interval if wt == 'samples' else 1
    self_, total = defaultdict(float), defaultdict(float)
    tot = 0.0
    for chain, w in samples:
        w = w * factor
        tot += w
        self_[chain[0]] += w
        for k in set(chain):
            total[k] += w
    return {'total': tot, 'functions': {k: {'self': self_[k], 'total': total[k]} for k in total}}


def main():
    doc = json.load(open(sys.argv[1]))
    where = ''
    if 'profile' in doc and 'meta' not in doc:
        doc, where = doc['profile'], 'profile'
    out = {}
    if 'preprocessedProfileVersion' in doc['meta']:
        for i, t in enumerate(doc['threads']):
            s, wt = processed_thread(t, doc.get('shared', {}))
            out[f'{where + "." if where else ""}threads[{i}]'] = summarise(s, wt, doc['meta']['interval'])
    else:
        pending = [(doc, where, doc['meta']['interval'])]
        while pending:
            p, w, interval = pending.pop(0)
            p = json.loads(p) if isinstance(p, str) else p
            interval = p.get('meta', {}).get('interval', interval)
            for i, t in enumerate(p['threads']):
                t = json.loads(t) if isinstance(t, str) else t
                s, wt = raw_thread(t, interval, p.get('shared', {}).get('stringArray'), p.get('libs') or [])
                out[f'{w + "." if w else ""}threads[{i}]'] = summarise(s, wt, interval)
            for i, c in enumerate(p.get('processes', [])):
                pending.append((c, f'{w + "." if w else ""}processes[{i}]', interval))
    json.dump(out, sys.stdout)


main()
