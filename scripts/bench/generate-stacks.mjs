// The stack formats' big files for `npm run bench` (see generate.mjs, which lists them in MAKERS):
//   big.perf.txt    `perf script` of a `perf record -g` as perf 6 writes it by default: 4 threads,
//                   3 000 user functions in 8 dsos and 400 kernel functions, 30 000 distinct call
//                   chains 8-62 deep through a random call tree (a tenth with kernel frames on
//                   top, a few [unknown] frames), period 250000 cpu-clock, ~200 MB
//   big.collapsed   folded stacks as stackcollapse-perf.pl writes them: a walk through a random
//                   call tree, each line a path 4-70 deep sharing a prefix with the line before,
//                   5 000 functions, counts 1-5000, `_[k]` kernel frames, ~200 MB
// Deterministic (seeded), written through generate.mjs's Out.

const VERBS = ['get', 'set', 'update', 'render', 'compute', 'parse', 'load', 'resolve', 'handle', 'create', 'build', 'read', 'write', 'emit', 'dispatch', 'visit', 'transform', 'validate', 'flush', 'schedule', 'commit', 'apply', 'merge', 'scan', 'encode', 'decode'];
const NOUNS = ['Node', 'Element', 'State', 'Token', 'Module', 'Request', 'Response', 'Buffer', 'Stream', 'Chunk', 'Tree', 'Queue', 'Cache', 'Entry', 'Source', 'Map', 'Scope', 'Event', 'Handler', 'Path', 'Value', 'Key', 'Record'];
const KERNEL = ['entry_SYSCALL_64_after_hwframe', 'do_syscall_64', 'asm_exc_page_fault', 'exc_page_fault', 'handle_mm_fault', '__handle_mm_fault', 'do_anonymous_page', 'clear_page_erms', 'ksys_read', 'vfs_read', 'ext4_file_read_iter', 'filemap_read', 'copy_page_to_iter', '__x64_sys_futex', 'futex_wait', 'schedule', '__schedule', 'pvm_irq_enable', 'native_set_pte', 'tlb_finish_mmu'];

/** mulberry32 */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  return next;
}

function userFunctions(r, count) {
  const fns = [];
  const dsos = ['/usr/bin/app', '/usr/lib/x86_64-linux-gnu/libc.so.6', '/usr/lib/libapp-core.so', '/usr/lib/libssl.so.3', '/usr/lib/libz.so.1', '/usr/lib/libstdc++.so.6', '/usr/lib/libpython3.12.so', '/tmp/perf-4242.map'];
  for (let i = 0; i < count; i++) {
    const x = r();
    const name = x < 0.2 ? `app::${r.pick(NOUNS)}${i % 97}::${r.pick(VERBS)}${r.pick(NOUNS)}` : x < 0.25 ? `_ZN3app${r.int(9) + 1}x${i}E` : `${r.pick(VERBS)}_${r.pick(NOUNS).toLowerCase()}_${i}`;
    fns.push({ name, dso: dsos[i < 200 ? 0 : r.int(dsos.length)], base: 0x1000 + i * 0x340 });
  }
  return fns;
}

function hex(n, width) {
  return n.toString(16).padStart(width, ' ');
}

export function writePerfScript(path, Out, { targetBytes = 200e6, seed = 11 } = {}) {
  const r = rng(seed);
  const fns = userFunctions(r, 3000);
  const kernel = Array.from({ length: 400 }, (_, i) => ({ name: i < KERNEL.length ? KERNEL[i] : `kfunc_${i}`, base: 0xffffffff81000000 + i * 0x1a40 }));
  // call chains through a random call tree (a function calls a few others, mostly the same one),
  // so chains share their outer frames as real ones do; leaf first, as perf prints them
  const calleeOf = (f, k) => (Math.imul(f + 1, 0x9e3779b1) + Math.imul(k + 1, 0x85ebca77)) >>> 0;
  const chains = [];
  for (let c = 0; c < 30_000; c++) {
    const depth = 6 + r.int(55);
    const lines = [`\t${hex(0x29d90, 16)} __libc_start_call_main+0x80 (/usr/lib/x86_64-linux-gnu/libc.so.6)`, `\t${hex(0x1040, 16)} main+0x20 (/usr/bin/app)`];
    let f = 0;
    for (let d = 0; d < depth; d++) {
      // 1 in 4 calls goes to another callee than the usual one
      let k = 0;
      while (r() < 0.25 && k < 6) k++;
      const site = calleeOf(f, k);
      f = site % fns.length;
      const fn = fns[f];
      const unknown = site % 500 === 0;
      const offset = d === depth - 1 ? r.int(0x300) : site % 0x300; // the leaf anywhere in the function, callers at their call site
      lines.push(`\t${hex(fn.base + offset, 16)} ${unknown ? '[unknown]' : `${fn.name}+0x${offset.toString(16)}`} (${unknown ? '[unknown]' : fn.dso})`);
    }
    if (r() < 0.1) {
      for (let d = 2 + r.int(10); d > 0; d--) {
        const kf = r.pick(kernel);
        lines.push(`\t${kf.base.toString(16)} ${kf.name}+0x${r.int(0x100).toString(16)} ([kernel.kallsyms])`);
      }
    }
    chains.push(lines.reverse().join('\n'));
  }
  const threads = [['app', 4242], ['app-worker', 4243], ['app-worker', 4244], ['app-io', 4245]];
  const out = new Out(path);
  let t = 31_415.0;
  let samples = 0;
  while (out.bytes + out.length < targetBytes) {
    const [comm, tid] = threads[r.int(threads.length)];
    t += 0.00025;
    // a skewed choice: a few chains are hot, as in a real profile
    const chain = chains[Math.floor(chains.length * r() ** 3)];
    out.text(`${comm.padStart(16)} ${String(tid).padStart(6)} ${t.toFixed(6).padStart(12)}:     250000 cpu-clock:ppp: \n${chain}\n\n`);
    samples++;
  }
  return { bytes: out.close(), samples, chains: chains.length };
}

export function writeCollapsed(path, Out, { targetBytes = 200e6, seed = 12 } = {}) {
  const r = rng(seed);
  const fns = userFunctions(r, 5000).map((f) => f.name);
  const out = new Out(path);
  let lines = 0;
  // neighbours share prefixes, as in stackcollapse's sorted output
  const stack = ['app'];
  while (out.bytes + out.length < targetBytes) {
    // the next stack: a few frames off the end, a few new ones, 4-70 deep
    let drop = 1;
    while (r() < 0.6) drop++;
    const target = Math.max(4, Math.min(70, stack.length - drop + 1 + r.int(2 * drop)));
    stack.length = Math.min(stack.length - Math.min(drop, stack.length - 1), target);
    while (stack.length < target) stack.push(r() < 0.03 ? `${r.pick(KERNEL)}_[k]` : fns[r.int(fns.length)]);
    out.text(`${stack.join(';')} ${1 + Math.floor(5000 * r() ** 4)}\n`);
    lines++;
  }
  return { bytes: out.close(), lines };
}
