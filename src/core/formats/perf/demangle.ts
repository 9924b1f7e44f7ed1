import { demangleItanium } from './itanium';

/**
 * Names perf left mangled, demangled: perf demangles C++ and legacy Rust itself when it was built
 * with a demangler, but older perf (and any perf for Rust's v0 scheme, `_R...`) prints the
 * symbol as the linker sees it. We show what perf shows when it does demangle: the name without
 * parameter types (`ns::Box<long>::heavy`), Rust paths without their hashes (as rustc-demangle's
 * `{:#}`).
 *
 * Hand-written: npm has no small, maintained demangler for both schemes (the Firefox Profiler's
 * is Rust compiled to WASM, which the synchronous importer cannot load in a worker and Node
 * alike). Each name is demangled once, when first seen. Anything we cannot read is kept as it
 * was: a mangled name is ugly, a wrong one is worse.
 */
export function demangle(name: string): string {
  if (name.length < 4 || name.charCodeAt(0) !== 95) return name; // '_'
  try {
    if (name.startsWith('_R')) return demangleRustV0(name) ?? name;
    if (name.startsWith('_ZN') && /17h[0-9a-f]{16}E/.test(name)) {
      const legacy = demangleRustLegacy(name);
      if (legacy !== null) return legacy;
    }
    if (name.startsWith('_Z')) return demangleItanium(name) ?? name;
  } catch {
    // a bug on a strange name must not lose the profile: keep the name
  }
  return name;
}

// ---- Rust legacy: _ZN <len><ident>... 17h<16 hex> E ----------------------------------------

const LEGACY_ESCAPES = new Map<string, string>([
  ['SP', '@'], ['BP', '*'], ['RF', '&'], ['LT', '<'], ['GT', '>'], ['LP', '('], ['RP', ')'], ['C', ','],
]);

export function demangleRustLegacy(name: string): string | null {
  let p = 3;
  const parts: string[] = [];
  while (p < name.length && name[p] !== 'E') {
    let len = 0;
    const start = p;
    while (p < name.length && name[p] >= '0' && name[p] <= '9') len = len * 10 + (name.charCodeAt(p++) - 48);
    if (p === start || len === 0 || p + len > name.length) return null;
    parts.push(name.slice(p, p + len));
    p += len;
  }
  if (name[p] !== 'E' || parts.length < 2 || !/^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) return null;
  const suffix = withoutLlvm(name.slice(p + 1)); // `.cold` and the like
  parts.pop();
  const out = parts.map((part) => {
    let s = part.startsWith('_$') ? part.slice(1) : part;
    s = s.replace(/\$([A-Z]{1,2}|u[0-9a-f]{2,6})\$/g, (all: string, code: string) => {
      if (code.startsWith('u')) return String.fromCodePoint(parseInt(code.slice(1), 16));
      return LEGACY_ESCAPES.get(code) ?? all;
    });
    return s.replace(/\.\./g, '::');
  });
  return out.join('::') + suffix;
}

// ---- Rust v0: _R <path> [<instantiating crate>] --------------------------------------------

const BASIC = new Map<string, string>([
  ['a', 'i8'], ['b', 'bool'], ['c', 'char'], ['d', 'f64'], ['e', 'str'], ['f', 'f32'], ['h', 'u8'], ['i', 'isize'],
  ['j', 'usize'], ['l', 'i32'], ['m', 'u32'], ['n', 'i128'], ['o', 'u128'], ['s', 'i16'], ['t', 'u16'], ['u', '()'],
  ['v', '...'], ['x', 'i64'], ['y', 'u64'], ['z', '!'], ['p', '_'],
]);

class V0 {
  pos: number;
  depth = 0;
  constructor(readonly s: string, pos: number) {
    this.pos = pos;
  }

  peek(): string { return this.s[this.pos] ?? ''; }
  next(): string {
    if (this.pos >= this.s.length) throw new Error('end');
    return this.s[this.pos++];
  }
  eat(c: string): boolean {
    if (this.s[this.pos] === c) { this.pos++; return true; }
    return false;
  }

  base62(): number {
    if (this.eat('_')) return 0;
    let v = 0;
    for (;;) {
      const c = this.next();
      if (c === '_') return v + 1;
      const d = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c >= 'a' && c <= 'z' ? c.charCodeAt(0) - 87 : c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - 29 : -1;
      if (d < 0) throw new Error('base62');
      v = v * 62 + d;
      if (v > 1e300) throw new Error('base62'); // crate hashes are 64-bit: only their size matters
    }
  }

  disambiguator(): void {
    if (this.eat('s')) this.base62();
  }

  identifier(): string {
    this.disambiguator();
    const punycode = this.eat('u');
    let len = 0;
    const start = this.pos;
    if (this.peek() === '0') this.pos++; // a decimal number is `0` or starts with 1-9
    else while (this.peek() >= '0' && this.peek() <= '9') len = len * 10 + (this.s.charCodeAt(this.pos++) - 48);
    if (this.pos === start) throw new Error('identifier');
    this.eat('_');
    if (this.pos + len > this.s.length) throw new Error('identifier');
    const id = this.s.slice(this.pos, this.pos + len);
    this.pos += len;
    return punycode ? `{punycode ${id}}` : id;
  }

  /** a backref: parse at an earlier position, then come back */
  backref<T>(read: () => T): T {
    const at = this.pos - 1;
    const target = this.base62() + 2; // positions count from after "_R"
    if (target >= at) throw new Error('backref');
    const saved = this.pos;
    this.pos = target;
    if (++this.depth > 200) throw new Error('deep');
    const out = read();
    this.depth--;
    this.pos = saved;
    return out;
  }

  /** `value`: a path to a value (the symbol itself) writes generic arguments as `::<>`, a type's as `<>` */
  path(value = false): string {
    if (++this.depth > 200) throw new Error('deep');
    const out = this.pathInner(value);
    this.depth--;
    return out;
  }

  private pathInner(value: boolean): string {
    const c = this.next();
    switch (c) {
      case 'C': return this.identifier();
      case 'M': { this.disambiguator(); this.path(); return `<${this.type()}>`; }
      case 'X': { this.disambiguator(); this.path(); const t = this.type(); return `<${t} as ${this.path()}>`; }
      case 'Y': { const t = this.type(); return `<${t} as ${this.path()}>`; }
      case 'N': {
        const ns = this.next();
        const parent = this.path(value);
        const saved = this.pos;
        const id = this.identifier();
        // the identifier's disambiguator numbers closures: {closure#N}, 0 when absent, s_ is 1
        let n = 0;
        if (this.s[saved] === 's') { const p = this.pos; this.pos = saved + 1; n = this.base62() + 1; this.pos = p; }
        if (ns === 'C') return `${parent}::{closure${id ? `:${id}` : ''}#${n}}`;
        if (ns === 'S') return `${parent}::{shim${id ? `:${id}` : ''}#${n}}`;
        if (ns >= 'A' && ns <= 'Z') return `${parent}::{${ns}${id ? `:${id}` : ''}#${n}}`;
        return id ? `${parent}::${id}` : parent;
      }
      case 'I': {
        const p = this.path(value);
        const args: string[] = [];
        while (!this.eat('E')) args.push(this.genericArg());
        return `${p}${value ? '::' : ''}<${args.join(', ')}>`;
      }
      case 'B': return this.backref(() => this.path(value));
      default: throw new Error('path');
    }
  }

  genericArg(): string {
    if (this.eat('L')) { this.base62(); return "'_"; }
    if (this.eat('K')) return this.constant();
    return this.type();
  }

  constant(): string {
    if (this.eat('p')) return '_';
    if (this.eat('B')) return this.backref(() => this.constant());
    const t = this.next();
    const negative = this.eat('n');
    let hex = '';
    while (this.peek() !== '_') hex += this.next();
    this.next();
    if (t === 'b') return hex === '1' ? 'true' : 'false';
    if (t === 'c') return `'${String.fromCodePoint(parseInt(hex || '0', 16))}'`;
    const v = hex === '' ? '0' : BigInt(`0x${hex}`).toString();
    return negative ? `-${v}` : v;
  }

  type(): string {
    if (++this.depth > 200) throw new Error('deep');
    const out = this.typeInner();
    this.depth--;
    return out;
  }

  private typeInner(): string {
    const c = this.peek();
    const basic = BASIC.get(c);
    if (basic !== undefined) { this.pos++; return basic; }
    switch (c) {
      case 'A': { this.pos++; const t = this.type(); return `[${t}; ${this.constant()}]`; }
      case 'S': { this.pos++; return `[${this.type()}]`; }
      case 'T': {
        this.pos++;
        const items: string[] = [];
        while (!this.eat('E')) items.push(this.type());
        return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
      }
      case 'R': case 'Q': {
        this.pos++;
        if (this.eat('L')) this.base62();
        return `&${c === 'Q' ? 'mut ' : ''}${this.type()}`;
      }
      case 'P': { this.pos++; return `*const ${this.type()}`; }
      case 'O': { this.pos++; return `*mut ${this.type()}`; }
      case 'F': {
        this.pos++;
        if (this.eat('G')) this.base62();
        const unsafe = this.eat('U');
        let abi = '';
        if (this.eat('K')) abi = this.eat('C') ? 'extern "C" ' : `extern "${this.identifier()}" `;
        const args: string[] = [];
        while (!this.eat('E')) args.push(this.type());
        const ret = this.type();
        return `${unsafe ? 'unsafe ' : ''}${abi}fn(${args.join(', ')})${ret === '()' ? '' : ` -> ${ret}`}`;
      }
      case 'D': {
        this.pos++;
        if (this.eat('G')) this.base62();
        const traits: string[] = [];
        while (!this.eat('E')) {
          let t = this.path();
          const bindings: string[] = [];
          while (this.eat('p')) {
            const name = this.identifier();
            bindings.push(`${name} = ${this.type()}`);
          }
          if (bindings.length > 0) t = t.endsWith('>') ? `${t.slice(0, -1)}, ${bindings.join(', ')}>` : `${t}<${bindings.join(', ')}>`;
          traits.push(t);
        }
        if (this.eat('L')) this.base62();
        return `dyn ${traits.join(' + ')}`;
      }
      case 'B': { this.pos++; return this.backref(() => this.type()); }
      default: return this.path();
    }
  }
}

export function demangleRustV0(name: string): string | null {
  const dot = name.indexOf('.');
  const symbol = dot < 0 ? name : name.slice(0, dot);
  const p = new V0(symbol, 2);
  // an encoding version, a decimal number, may come first
  if (p.peek() >= '0' && p.peek() <= '9') return null;
  const out = p.path(true);
  // what follows is the instantiating crate (a path), which {:#} does not print
  if (p.pos < symbol.length) {
    const rest = new V0(symbol, p.pos);
    rest.path();
    if (rest.pos !== symbol.length) return null;
  }
  return out + (dot < 0 ? '' : withoutLlvm(name.slice(dot)));
}

/**
 * A symbol's suffix without LLVM's `.llvm.<number>` (ThinLTO's promoted locals), which
 * rustc-demangle and perf both drop; other suffixes (`.cold`) are kept as rustc-demangle keeps them.
 */
function withoutLlvm(suffix: string): string {
  return suffix.replace(/\.llvm\.[0-9A-Fa-f]+(?=\.|$)/, '');
}
