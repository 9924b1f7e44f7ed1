// big.speedscope.json for the benchmark (scripts/bench/generate.mjs): what py-spy and pyinstrument
// write at scale, in one file. Deterministic (seeded).
//   - a sampled profile (py-spy's shape): 400 000 stacks of 10-60 frames, each the one before with
//     a few frames popped and pushed (a sampler's stacks share long prefixes), weights 1-3 ms;
//   - an evented profile (pyinstrument's shape): 800 000 open/close events nested up to 80 deep.
// 8 000 frames with names, files and lines; ~100 MB in all.
import { closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function writeSpeedscope(path, { frames = 8000, samples = 400_000, events = 800_000, seed = 11 } = {}) {
  const r = rng(seed);
  const int = (n) => Math.floor(r() * n);
  const fd = openSync(path, 'w');
  let bytes = 0;
  let buf = '';
  const put = (s) => {
    buf += s;
    if (buf.length > 1 << 20) {
      bytes += writeSync(fd, buf);
      buf = '';
    }
  };
  // speedscope's toolbar shows the active profile's name, and the benchmark waits for the file's
  // name there (scripts/bench/browser.mjs): the sampled profile is named after the file
  const name = basename(path);
  put(`{"$schema":"https://www.speedscope.app/file-format-schema.json","exporter":"profburst bench","name":"${name}","activeProfileIndex":0,"shared":{"frames":[`);
  for (let f = 0; f < frames; f++) {
    put(`${f ? ',' : ''}{"name":"fn_${f}_${(f * 2654435761 >>> 0).toString(36)}","file":"/srv/app/pkg${f % 97}/module${f % 331}.py","line":${1 + (f % 900)}}`);
  }
  put(`]},"profiles":[{"type":"sampled","name":"${name}","unit":"milliseconds","startValue":0,`);
  // stacks: pop a few frames, push a few, within 10..60
  const stack = [];
  let total = 0;
  const weights = [];
  put('"samples":[');
  for (let s = 0; s < samples; s++) {
    let pop = int(4);
    while (pop-- > 0 && stack.length > 10) stack.pop();
    let push = int(4);
    while (stack.length < 10 || (push-- > 0 && stack.length < 60)) stack.push(int(frames));
    put(`${s ? ',' : ''}[${stack.join(',')}]`);
    const w = 1 + int(3);
    weights.push(w);
    total += w;
  }
  put(`],"weights":[${weights.join(',')}],"endValue":${total}},`);
  put('{"type":"evented","name":"pyinstrument","unit":"seconds","startValue":0,"events":[');
  const open = [];
  let at = 0;
  for (let e = 0; e < events; e++) {
    at += int(5) / 1e4;
    const close = open.length > 0 && (open.length >= 80 || r() < 0.5 || events - e <= open.length);
    const frame = close ? open.pop() : int(frames);
    if (!close) open.push(frame);
    put(`${e ? ',' : ''}{"type":"${close ? 'C' : 'O'}","frame":${frame},"at":${at.toFixed(4)}}`);
  }
  while (open.length > 0) put(`,{"type":"C","frame":${open.pop()},"at":${(at += 0.001).toFixed(4)}}`);
  put(`],"endValue":${(at + 0.001).toFixed(4)}}]}`);
  bytes += writeSync(fd, buf);
  closeSync(fd);
  return { bytes, frames, samples, events };
}
