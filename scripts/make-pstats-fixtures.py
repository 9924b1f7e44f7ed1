# Writes the committed binary fixtures of the marshal and pstats tests, with what Python itself
# reads back as JSON. Run ONCE with Debian's CPython (3.11) from the repo root:
#   /usr/bin/python3 scripts/make-pstats-fixtures.py
# Python values JSON cannot hold are tagged: {"dict": [[k, v], ...]} (keys may be tuples),
# {"int": "digits", "approx": float} past 2**53, {"float": "inf"|"-inf"|"nan"},
# {"complex": [re, im]}, {"const": "StopIteration"|"Ellipsis"}; tuples, lists and sets are lists;
# bytes are the string the decoder makes of them (UTF-8 if valid, else Latin-1).
import json, marshal, math, os, subprocess, sys

MARSHAL = 'test/fixtures/marshal'
PSTATS = 'test/fixtures/pstats'


def tag(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if abs(v) <= 2**53 else {'int': str(v), 'approx': float(v)}
    if isinstance(v, float):
        if math.isnan(v):
            return {'float': 'nan'}
        if math.isinf(v):
            return {'float': 'inf' if v > 0 else '-inf'}
        return v
    if isinstance(v, complex):
        return {'complex': [tag(v.real), tag(v.imag)]}
    if isinstance(v, bytes):
        try:
            return v.decode('utf-8')
        except UnicodeDecodeError:
            return v.decode('latin-1')
    if isinstance(v, (tuple, list, set, frozenset)):
        return [tag(x) for x in v]
    if isinstance(v, dict):
        return {'dict': [[tag(k), tag(x)] for k, x in v.items()]}
    if v is StopIteration:
        return {'const': 'StopIteration'}
    if v is Ellipsis:
        return {'const': 'Ellipsis'}
    raise TypeError(type(v))


def write(name, data, value):
    with open(f'{MARSHAL}/{name}.bin', 'wb') as f:
        f.write(data)
    with open(f'{MARSHAL}/{name}.json', 'w') as f:
        json.dump(tag(value), f, indent=1)
        f.write('\n')


name = sys.intern('interned_name')  # one object met three times: refs in versions 3 and 4
uname = sys.intern('grüße_∂')  # interned non-ASCII: 't'
values = (
    0, 1, -1, 255, 2**31 - 1, -2**31,  # 'i'
    2**31, -2**31 - 1, 2**45 + 12345, 2**53, -2**53, 2**53 + 1, 2**64, -2**100, 10**30,  # 'l'
    0.0, -0.0, 0.1, 1.5e-7, 123456.789, 5e-324, 1.7976931348623157e308,
    float('inf'), float('-inf'), float('nan'), 1.2345678901234567e-05,
    complex(1.5, -2.25), None, True, False, StopIteration, Ellipsis,
    '', 'ascii', 'x' * 300, 'ünïcödé ✓ 🎉', 'u' * 200 + '€', name, name, name, uname, uname,
    b'bytes', b'\xff\xfe latin-1',
    (), (1,), ((('deep',),),), tuple(range(300)),  # small and 4-byte-length tuples
    [1, [2, [3]]], {7}, frozenset(), frozenset({1, 2, 3}),
    {('file.py', 3, 'f'): (1, 2, 0.5, 1.5, {}), 'k': [None]},
)
for version in range(5):
    data = marshal.dumps(values, version)
    assert tag(marshal.loads(data)) == tag(values)
    write(f'values-v{version}', data, values)

# containers that hold themselves, as a FLAG_REF is registered before the children are read
lst = [1]
lst.append(lst)
d = {}
d['self'] = d
d['list'] = lst
with open(f'{MARSHAL}/selfref.bin', 'wb') as f:
    f.write(marshal.dumps((lst, d)))

# a real cProfile run of a recursive program, its pstats oracle and its marshal value
oracle = os.path.join(os.path.dirname(__file__), '../../shared/corpus-tools/pstats_oracle.py')
subprocess.run([sys.executable, '-m', 'cProfile', '-o', 'recursive.prof', 'recursive.py'],
               cwd=PSTATS, check=True, stdout=subprocess.DEVNULL)
with open(f'{PSTATS}/recursive.prof.pstats.json', 'w') as f:
    subprocess.run([sys.executable, os.path.abspath(oracle), 'recursive.prof'], cwd=PSTATS, stdout=f, check=True)
with open(f'{PSTATS}/recursive.prof', 'rb') as f:
    stats = marshal.load(f)
with open(f'{MARSHAL}/recursive.prof.json', 'w') as f:
    json.dump(tag(stats), f, indent=1)
    f.write('\n')
