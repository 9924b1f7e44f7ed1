/**
 * Itanium C++ ABI names (`_Z...`, g++ and clang on Linux) as perf prints them when it demangles,
 * which is as binutils' `c++filt -p` does: the qualified name with template arguments, without
 * the parameter list (`_ZN2ns3BoxIlE5heavyEi` -> `ns::Box<long>::heavy`) and without a clone's
 * suffix (`.isra.0`, `.cold`: perf report names such a clone as the function). A lambda keeps its
 * own signature, which is part of its name (`main::{lambda(int, int)#1}`), and a PLT stub its
 * `@plt`. Parameters are still parsed, because a local name (`_ZZ4mainE1f`) and substitutions
 * need them read. What this does not know (template expressions, decltype) throws, and the
 * caller keeps the mangled name.
 */
export function demangleItanium(name: string): string | null {
  const plt = name.endsWith('@plt') ? '@plt' : '';
  const bare = plt ? name.slice(0, -plt.length) : name;
  const dot = bare.indexOf('.', 2);
  const symbol = dot < 0 ? bare : bare.slice(0, dot);
  const p = new Itanium(symbol);
  const out = p.special() ?? p.encoding();
  if (p.pos !== symbol.length) return null;
  return out + plt;
}

const BUILTIN = new Map<string, string>([
  ['v', 'void'], ['w', 'wchar_t'], ['b', 'bool'], ['c', 'char'], ['a', 'signed char'], ['h', 'unsigned char'], ['s', 'short'],
  ['t', 'unsigned short'], ['i', 'int'], ['j', 'unsigned int'], ['l', 'long'], ['m', 'unsigned long'], ['x', 'long long'],
  ['y', 'unsigned long long'], ['n', '__int128'], ['o', 'unsigned __int128'], ['f', 'float'], ['d', 'double'], ['e', 'long double'],
  ['g', '__float128'], ['z', '...'],
]);
const BUILTIN_D = new Map<string, string>([
  ['n', 'decltype(nullptr)'], ['i', 'char32_t'], ['s', 'char16_t'], ['u', 'char8_t'], ['a', 'auto'], ['c', 'decltype(auto)'],
  ['f', 'decimal32'], ['d', 'decimal64'], ['e', 'decimal128'], ['h', 'half'],
]);
const STD = new Map<string, string>([
  ['a', 'std::allocator'], ['b', 'std::basic_string'],
]);
// c++filt (binutils 2.40) writes these out in full wherever they appear
const STD_FULL = new Map<string, string>([
  ['s', 'std::basic_string<char, std::char_traits<char>, std::allocator<char> >'],
  ['i', 'std::basic_istream<char, std::char_traits<char> >'],
  ['o', 'std::basic_ostream<char, std::char_traits<char> >'],
  ['d', 'std::basic_iostream<char, std::char_traits<char> >'],
]);
const OPERATORS = new Map<string, string>([
  ['nw', 'new'], ['na', 'new[]'], ['dl', 'delete'], ['da', 'delete[]'], ['ps', '+'], ['ng', '-'], ['ad', '&'], ['de', '*'], ['co', '~'],
  ['pl', '+'], ['mi', '-'], ['ml', '*'], ['dv', '/'], ['rm', '%'], ['an', '&'], ['or', '|'], ['eo', '^'], ['aS', '='], ['pL', '+='],
  ['mI', '-='], ['mL', '*='], ['dV', '/='], ['rM', '%='], ['aN', '&='], ['oR', '|='], ['eO', '^='], ['ls', '<<'], ['rs', '>>'],
  ['lS', '<<='], ['rS', '>>='], ['eq', '=='], ['ne', '!='], ['lt', '<'], ['gt', '>'], ['le', '<='], ['ge', '>='], ['ss', '<=>'],
  ['nt', '!'], ['aa', '&&'], ['oo', '||'], ['pp', '++'], ['mm', '--'], ['cm', ','], ['pm', '->*'], ['pt', '->'], ['cl', '()'],
  ['ix', '[]'], ['qu', '?'],
]);

class Itanium {
  pos = 2;
  private readonly subs: string[] = [];
  private templateArgs: string[] = [];
  private depth = 0;

  constructor(private readonly s: string) {}

  private peek(k = 0): string { return this.s[this.pos + k] ?? ''; }
  private next(): string {
    if (this.pos >= this.s.length) throw new Error('end');
    return this.s[this.pos++];
  }
  private eat(c: string): boolean {
    if (this.s.startsWith(c, this.pos)) { this.pos += c.length; return true; }
    return false;
  }
  private enter(): void {
    if (++this.depth > 300) throw new Error('deep');
  }

  /** vtables, typeinfo, guard variables and thunks */
  special(): string | null {
    if (this.eat('TV')) return `vtable for ${this.type()}`;
    if (this.eat('TI')) return `typeinfo for ${this.type()}`;
    if (this.eat('TS')) return `typeinfo name for ${this.type()}`;
    if (this.eat('TT')) return `VTT for ${this.type()}`;
    if (this.eat('GV')) return `guard variable for ${this.name()}`;
    if (this.eat('Th')) { this.number(); this.next(); return `non-virtual thunk to ${this.encoding()}`; }
    if (this.eat('Tv')) { this.number(); this.next(); this.number(); this.next(); return `virtual thunk to ${this.encoding()}`; }
    return null;
  }

  /** a function or data name, then (for functions) its parameter types, read and not printed */
  encoding(): string {
    this.enter();
    const { name, template, ctorLike } = this.nameInfo();
    if (this.pos < this.s.length && this.peek() !== 'E') {
      if (template && !ctorLike) this.type(); // a template function's return type comes first
      while (this.pos < this.s.length && this.peek() !== 'E' && this.peek() !== '.') this.type();
    }
    this.depth--;
    return name;
  }

  private name(): string {
    return this.nameInfo().name;
  }

  private nameInfo(): { name: string; template: boolean; ctorLike: boolean } {
    this.enter();
    let out: { name: string; template: boolean; ctorLike: boolean };
    const c = this.peek();
    if (c === 'N') out = this.nested();
    else if (c === 'Z') out = { name: this.local(), template: false, ctorLike: false };
    else {
      let name: string;
      let ctorLike = false;
      const substituted = c === 'S' && this.peek(1) !== 't';
      if (c === 'S' && this.peek(1) === 't') {
        this.pos += 2;
        const u = this.unqualified('std');
        name = `std::${u.name}`;
        ctorLike = u.ctorLike;
      } else if (c === 'S') {
        name = this.substitution();
      } else {
        const u = this.unqualified('');
        name = u.name;
        ctorLike = u.ctorLike;
      }
      let template = false;
      if (this.peek() === 'I') {
        if (!substituted) this.subs.push(name); // the template's name is a candidate, a substitution is one already
        name += this.templateArgList(true, name);
        template = true;
      }
      out = { name, template, ctorLike };
    }
    this.depth--;
    return out;
  }

  private nested(): { name: string; template: boolean; ctorLike: boolean } {
    this.next(); // N
    while ('rVK'.includes(this.peek()) && this.peek() !== '') this.pos++;
    if (this.peek() === 'R' || this.peek() === 'O') this.pos++;
    let cur = '';
    let template = false;
    let ctorLike = false;
    let fresh = false; // cur is a prefix not yet recorded as a substitution candidate
    while (!this.eat('E')) {
      if (fresh) this.subs.push(cur);
      fresh = true;
      template = false;
      ctorLike = false;
      const c = this.peek();
      if (c === 'S' && this.peek(1) !== 't') {
        cur = this.substitution();
        fresh = false;
      } else if (c === 'S') {
        this.pos += 2;
        const u = this.unqualified('std');
        cur = `std::${u.name}`;
      } else if (c === 'I') {
        if (!cur) throw new Error('args first');
        cur += this.templateArgList(true, cur);
        template = true;
      } else if (c === 'T') {
        cur = this.templateParam();
      } else {
        const last = lastComponent(cur);
        const u = this.unqualified(last);
        ctorLike = u.ctorLike;
        cur = cur ? `${cur}::${u.name}` : u.name;
      }
    }
    return { name: cur, template, ctorLike };
  }

  /** Z <encoding> E <entity>: a name local to a function */
  private local(): string {
    this.next(); // Z
    const fn = this.encoding();
    if (!this.eat('E')) throw new Error('local');
    if (this.eat('s')) { this.discriminator(); return `${fn}::string literal`; }
    const entity = this.name();
    this.discriminator();
    return `${fn}::${entity}`;
  }

  private discriminator(): void {
    if (this.eat('_')) {
      if (this.eat('_')) { this.number(); this.eat('_'); } else this.next();
    }
  }

  /** a source name, a constructor or destructor (of `owner`), an operator, with ABI tags */
  private unqualified(owner: string): { name: string; ctorLike: boolean } {
    let name: string;
    let ctorLike = false;
    const c = this.peek();
    this.eat('L'); // internal linkage
    if (this.peek() >= '0' && this.peek() <= '9') {
      name = this.sourceName();
    } else if (c === 'C' && '12345I'.includes(this.peek(1))) {
      this.pos += 2;
      if (this.s[this.pos - 1] === 'I') { this.next(); this.type(); }
      name = baseName(owner);
      ctorLike = true;
    } else if (c === 'D' && '0124'.includes(this.peek(1))) {
      this.pos += 2;
      name = `~${baseName(owner)}`;
      ctorLike = true;
    } else if (c === 'U' && this.peek(1) === 't') {
      this.pos += 2;
      const n = this.peek() === '_' ? 1 : this.number() + 2;
      this.next();
      name = `{unnamed type#${n}}`;
    } else if (c === 'U' && this.peek(1) === 'l') {
      this.pos += 2;
      // a generic lambda's `auto` parameters are template parameters of its own
      const outer = this.templateArgs;
      this.templateArgs = Array.from({ length: 16 }, (_, i) => `auto:${i + 1}`);
      const params: string[] = [];
      try {
        while (!this.eat('E')) params.push(this.type());
      } finally {
        this.templateArgs = outer;
      }
      const n = this.peek() === '_' ? 1 : this.number() + 2;
      this.next();
      name = `{lambda(${params.length === 1 && params[0] === 'void' ? '' : params.join(', ')})#${n}}`;
    } else if (c === 'c' && this.peek(1) === 'v') {
      this.pos += 2;
      name = `operator ${this.type()}`;
      ctorLike = true;
    } else {
      const op = OPERATORS.get(this.s.slice(this.pos, this.pos + 2));
      if (op === undefined) throw new Error(`unqualified ${c}`);
      this.pos += 2;
      name = `operator${/^[a-z]/.test(op) ? ' ' : ''}${op}`;
    }
    while (this.peek() === 'B') {
      this.next();
      name += `[abi:${this.sourceName()}]`;
    }
    return { name, ctorLike };
  }

  private sourceName(): string {
    const len = this.number();
    if (len <= 0 || this.pos + len > this.s.length) throw new Error('source name');
    const id = this.s.slice(this.pos, this.pos + len);
    this.pos += len;
    return id.startsWith('_GLOBAL__N') ? '(anonymous namespace)' : id;
  }

  private number(): number {
    let v = 0;
    const start = this.pos;
    this.eat('n');
    while (this.peek() >= '0' && this.peek() <= '9') v = v * 10 + (this.s.charCodeAt(this.pos++) - 48);
    if (this.pos === start) throw new Error('number');
    return v;
  }

  private substitution(): string {
    this.next(); // S
    const std = STD_FULL.get(this.peek()) ?? STD.get(this.peek());
    if (std !== undefined) { this.pos++; return std; }
    let index = 0;
    if (!this.eat('_')) {
      let v = 0;
      for (;;) {
        const c = this.next();
        if (c === '_') break;
        const d = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - 55 : -1;
        if (d < 0) throw new Error('substitution');
        v = v * 36 + d;
      }
      index = v + 1;
    }
    const out = this.subs[index];
    if (out === undefined) throw new Error('substitution index');
    return out;
  }

  private templateParam(): string {
    this.next(); // T
    let index = 0;
    if (!this.eat('_')) {
      index = this.number() + 1;
      if (!this.eat('_')) throw new Error('template param');
    }
    const out = this.templateArgs[index] ?? `T${index}`;
    this.subs.push(out);
    return out;
  }

  private templateArgList(remember: boolean, before = ''): string {
    this.next(); // I
    const args: string[] = [];
    while (!this.eat('E')) args.push(this.templateArg());
    if (remember) this.templateArgs = args;
    const text = args.join(', ');
    // `operator<< <T>`, not `operator<<<T>`
    const space = /operator\S*<$/.test(before) ? ' ' : '';
    return `${space}<${text}${text.endsWith('>') ? ' ' : ''}>`;
  }

  private templateArg(): string {
    this.enter();
    let out: string;
    if (this.peek() === 'L') out = this.literal();
    else if (this.peek() === 'J') {
      this.next();
      const pack: string[] = [];
      while (!this.eat('E')) pack.push(this.templateArg());
      out = pack.join(', ');
    } else if (this.peek() === 'X') throw new Error('expression');
    else out = this.type();
    this.depth--;
    return out;
  }

  private literal(): string {
    this.next(); // L
    if (this.eat('_Z')) {
      const e = this.encoding();
      if (!this.eat('E')) throw new Error('literal');
      return e;
    }
    const type = this.type();
    let value = '';
    while (this.peek() !== 'E') value += this.next();
    this.next();
    if (type === 'bool') return value === '1' ? 'true' : 'false';
    const v = value.startsWith('n') ? `-${value.slice(1)}` : value;
    if (type === 'int') return v;
    if (type === 'unsigned int') return `${v}u`;
    if (type === 'long') return `${v}l`;
    if (type === 'unsigned long') return `${v}ul`;
    return `(${type})${v}`;
  }

  type(): string {
    this.enter();
    const out = this.typeInner();
    this.depth--;
    return out;
  }

  private typeInner(): string {
    const c = this.peek();
    const builtin = BUILTIN.get(c);
    if (builtin !== undefined) { this.pos++; return builtin; }
    let out: string;
    switch (c) {
      case 'u': this.pos++; return this.sourceName();
      case 'D': {
        const d = this.peek(1);
        const b = BUILTIN_D.get(d);
        if (b !== undefined) { this.pos += 2; return b; }
        if (d === 'p') { this.pos += 2; out = `${this.type()}...`; break; }
        if (d === 'F') { this.pos += 2; const n = this.number(); this.eat('_'); return `_Float${n}`; }
        throw new Error('D type');
      }
      case 'P': this.pos++; out = `${this.type()}*`; break;
      case 'R': this.pos++; out = `${this.type()}&`; break;
      case 'O': this.pos++; out = `${this.type()}&&`; break;
      case 'K': case 'V': case 'r': {
        let quals = '';
        while ('rVK'.includes(this.peek()) && this.peek() !== '') {
          const q = this.next();
          quals += q === 'K' ? ' const' : q === 'V' ? ' volatile' : ' restrict';
        }
        out = `${this.type()}${quals}`;
        break;
      }
      case 'F': {
        this.pos++;
        this.eat('Y');
        const ret = this.type();
        const params: string[] = [];
        while (!this.eat('E')) params.push(this.type());
        out = `${ret} (${params.join(', ')})`;
        break;
      }
      case 'A': {
        this.pos++;
        let size = '';
        while (this.peek() !== '_') size += this.next();
        this.next();
        out = `${this.type()} [${size}]`;
        break;
      }
      case 'M': {
        this.pos++;
        const cls = this.type();
        if (this.peek() === 'F') throw new Error('member function pointer'); // printed inside out: kept mangled
        out = `${this.type()} ${cls}::*`;
        break;
      }
      case 'T': {
        out = this.templateParam(); // recorded by templateParam
        if (this.peek() === 'I') {
          out += this.templateArgList(false, out);
          this.subs.push(out);
        }
        return out;
      }
      case 'S': {
        if (this.peek(1) === 't') {
          out = this.name(); // std::x (with arguments), a class type
          break;
        }
        out = this.substitution();
        if (this.peek() !== 'I') return out;
        out += this.templateArgList(false, out);
        break;
      }
      default:
        if (c === 'N' || c === 'Z' || (c >= '0' && c <= '9')) {
          out = this.name();
          break;
        }
        throw new Error(`type ${c}`);
    }
    this.subs.push(out);
    return out;
  }
}

function lastComponent(name: string): string {
  let depth = 0;
  for (let i = name.length - 1; i > 0; i--) {
    const c = name[i];
    if (c === '>') depth++;
    else if (c === '<') depth--;
    else if (depth === 0 && c === ':' && name[i - 1] === ':') return name.slice(i + 1);
  }
  return name;
}

/** a class's name without its template arguments, for its constructors and destructor */
function baseName(owner: string): string {
  const last = lastComponent(owner);
  const lt = last.indexOf('<');
  return (lt < 0 ? last : last.slice(0, lt)).replace(/\[abi:[^\]]*\]/g, '');
}
