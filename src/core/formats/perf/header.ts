/**
 * A `perf script` sample header, read from the bytes of its line:
 *
 *     comm  pid/tid [cpu] time: period event: [ip sym+off (dso)]
 *
 * Which fields appear depends on `-F` and on how the data was recorded (`-a` adds the cpu, a
 * recording without `-g` puts the sample's ip, symbol and dso after the event, old perf had no
 * period). comm may hold spaces and is padded on either side. The time (`123.456789:`) anchors
 * the parse: what precedes it is comm, the thread and the cpu; what follows, the period and the
 * event. Without a time, the thread is the first number after comm and the event the first word
 * that ends with `:`.
 */
export interface Header {
  /** comm: b[commStart, commEnd) */
  commStart: number;
  commEnd: number;
  pid: number; // -1 when not printed
  tid: number; // -1 when not printed
  /** seconds, NaN when not printed */
  time: number;
  /** NaN when not printed */
  period: number;
  /** the event name without its final `:`, b[eventStart, eventEnd); eventStart = -1 when none */
  eventStart: number;
  eventEnd: number;
  /** where the rest of the line starts (after the event), for a sample without a call chain */
  restStart: number;
}

const SPACE = 32, TAB = 9, COLON = 58, DOT = 46, SLASH = 47, LBRACKET = 91, RBRACKET = 93;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isBlank = (c: number) => c === SPACE || c === TAB;

/** Reads the header in b[s, e) into h; false when the line is not one (no event found). */
export function readHeader(b: Uint8Array, s: number, e: number, h: Header): boolean {
  h.pid = -1;
  h.tid = -1;
  h.time = NaN;
  h.period = NaN;
  h.eventStart = -1;
  h.eventEnd = -1;
  // the time: digits '.' digits ':' after a blank, followed by the period and the event; a comm
  // may hold such a word itself (a thread named `x: 1.5:`), whose next word is then no event
  let timeStart = -1;
  let timeEnd = -1;
  for (let p = s + 1; p < e; p++) {
    const q = timeBefore(b, s, p);
    if (q < 0 || !eventFollows(b, p + 1, e)) continue;
    timeStart = q;
    timeEnd = p;
    break;
  }
  let p: number;
  if (timeStart >= 0) {
    h.time = decimalAt(b, timeStart, timeEnd);
    // backwards from the time: [cpu], then pid/tid or tid, then comm
    let q = timeStart;
    while (q > s && isBlank(b[q - 1])) q--;
    if (q > s && b[q - 1] === RBRACKET) {
      let o = q - 1;
      while (o > s && b[o - 1] !== LBRACKET) o--;
      if (o > s) {
        q = o - 1;
        while (q > s && isBlank(b[q - 1])) q--;
      }
    }
    let commEnd = q;
    const idEnd = q;
    while (q > s && isDigit(b[q - 1])) q--;
    if (q < idEnd && (q === s || isBlank(b[q - 1]) || b[q - 1] === SLASH)) {
      h.tid = intAt(b, q, idEnd);
      commEnd = q;
      if (q > s + 1 && b[q - 1] === SLASH && isDigit(b[q - 2])) {
        let r = q - 1;
        while (r > s && isDigit(b[r - 1])) r--;
        h.pid = intAt(b, r, q - 1);
        commEnd = r;
      }
    }
    setComm(b, s, commEnd, h);
    p = timeEnd + 1;
  } else if (readUntimed(b, s, e, h)) {
    p = h.eventStart;
  } else {
    // other fields between the thread and the event: comm, then the first number (tid or pid/tid)
    p = s;
    while (p < e && isBlank(b[p])) p++;
    const commStart = p;
    let found = false;
    while (p < e) {
      while (p < e && !isBlank(b[p])) p++;
      while (p < e && isBlank(b[p])) p++;
      let q = p;
      while (q < e && isDigit(b[q])) q++;
      if (q > p && (q === e || isBlank(b[q]) || b[q] === SLASH)) {
        let end = q;
        if (b[q] === SLASH) {
          let r = q + 1;
          while (r < e && isDigit(b[r])) r++;
          if (r > q + 1) {
            h.pid = intAt(b, p, q);
            h.tid = intAt(b, q + 1, r);
            end = r;
          }
        }
        if (h.tid < 0) h.tid = intAt(b, p, q);
        setComm(b, commStart, p, h);
        p = end;
        found = true;
        break;
      }
    }
    if (!found) {
      if (!readUnthreaded(b, s, e, h)) return false;
      p = h.eventStart;
    }
  }
  // the period (a number), then the event (a word ending in ':')
  while (p < e && isBlank(b[p])) p++;
  let q = p;
  while (q < e && isDigit(b[q])) q++;
  if (q > p && (q === e || isBlank(b[q]))) {
    h.period = intAt(b, p, q);
    p = q;
    while (p < e && isBlank(b[p])) p++;
  }
  if (timeStart < 0) {
    // skip any other fields until a word that ends with ':'
    for (;;) {
      let w = p;
      while (w < e && !isBlank(b[w])) w++;
      if (w === p) return false;
      if (b[w - 1] === COLON && timeBefore(b, p, w - 1) !== p) break;
      p = w;
      while (p < e && isBlank(b[p])) p++;
    }
  }
  // the event name runs to the ':' that ends its word (names hold ':' themselves: cpu-clock:ppp, sched:sched_switch)
  let w = p;
  while (w < e && !isBlank(b[w])) w++;
  if (w - p < 2 || b[w - 1] !== COLON) return false;
  h.eventStart = p;
  h.eventEnd = w - 1;
  h.restStart = w;
  return true;
}

/** The start of a time (digits '.' digits, after a blank or at s) whose ':' is at p, else -1 */
function timeBefore(b: Uint8Array, s: number, p: number): number {
  if (b[p] !== COLON || !isDigit(b[p - 1])) return -1;
  let q = p - 1;
  while (q > s && isDigit(b[q - 1])) q--;
  if (q <= s || b[q - 1] !== DOT) return -1;
  q--;
  if (q <= s || !isDigit(b[q - 1])) return -1;
  while (q > s && isDigit(b[q - 1])) q--;
  if (q > s && !isBlank(b[q - 1])) return -1;
  return q;
}

/** Whether b[p, e) starts with an optional period and then an event: a word ending in ':' that is not a time */
function eventFollows(b: Uint8Array, p: number, e: number): boolean {
  while (p < e && isBlank(b[p])) p++;
  let q = p;
  while (q < e && isDigit(b[q])) q++;
  if (q > p && q < e && isBlank(b[q])) {
    p = q;
    while (p < e && isBlank(b[p])) p++;
  }
  let w = p;
  while (w < e && !isBlank(b[w])) w++;
  return w - p >= 2 && b[w - 1] === COLON && timeBefore(b, p, w - 1) !== p;
}

const SIDE_BAND = new TextEncoder().encode('PERF_RECORD_');

/**
 * Whether a word in b[s, e) starts with `PERF_RECORD_`: a side-band record that `perf script
 * --show-task-events`, `--show-mmap-events` (and the like) print among the samples, such as
 * `comm 0 0.000000: PERF_RECORD_COMM: comm:12/12`. Some look like a sample header with an event of
 * that name; none is a sample (perf report counts none of them).
 */
export function isSideBand(b: Uint8Array, s: number, e: number): boolean {
  const m = SIDE_BAND.length;
  next: for (let p = s; p + m <= e; p++) {
    if (p > s && !isBlank(b[p - 1])) continue;
    for (let i = 0; i < m; i++) if (b[p + i] !== SIDE_BAND[i]) continue next;
    return true;
  }
  return false;
}

/**
 * A header without a time (`perf script -F comm,tid,period,event,...`): the event is the first
 * word ending in ':' that has a thread before it; read backwards from it, a number is the period
 * when a thread (a number, or pid/tid) or [cpu] precedes it, then [cpu], then the thread; comm is
 * what is left, spaces and digits and all (`pool 3  21447     500000 cpu-clock:`). Read forwards,
 * a comm's numeric word was taken for the thread and the thread for the period. Sets h's comm,
 * pid, tid, period and eventStart; false when no word fits.
 */
function readUntimed(b: Uint8Array, s: number, e: number, h: Header): boolean {
  let p = s;
  while (p < e && isBlank(b[p])) p++;
  const commStart = p;
  while (p < e && !isBlank(b[p])) p++; // comm's first word is never the thread
  for (;;) {
    while (p < e && isBlank(b[p])) p++;
    if (p >= e) return false;
    const w = p;
    while (p < e && !isBlank(b[p])) p++;
    // a time is no event (a header whose time was not followed by one is not a sample)
    if (p - w >= 2 && b[p - 1] === COLON && timeBefore(b, w, p - 1) !== w && untimedFields(b, s, commStart, w, h)) {
      h.eventStart = w;
      return true;
    }
  }
}

/**
 * The fields of b[s, w) before an event at w, read backwards as readUntimed says; false when no
 * thread is found. A number that fills the period's field (fillsPeriodField) is the period even
 * without a thread before it (`-F comm,period,event`), or with the thread first on the line
 * (`-F tid,period,event`: no comm).
 */
function untimedFields(b: Uint8Array, lineStart: number, s: number, w: number, h: Header): boolean {
  let end = w;
  const word = (): number => { // the start of the word before `end`, end moved to its end
    while (end > s && isBlank(b[end - 1])) end--;
    let q = end;
    while (q > s && !isBlank(b[q - 1])) q--;
    return q;
  };
  const isNumber = (q: number, r: number) => {
    if (q === r) return false;
    for (let i = q; i < r; i++) if (!isDigit(b[i])) return false;
    return true;
  };
  const isCpu = (q: number, r: number) => r - q >= 3 && b[q] === LBRACKET && b[r - 1] === RBRACKET && isNumber(q + 1, r - 1);
  const slashAt = (q: number, r: number) => { // q < at < r with digits either side, else -1
    let at = q;
    while (at < r && isDigit(b[at])) at++;
    return at > q && at < r - 1 && b[at] === SLASH && isNumber(at + 1, r) ? at : -1;
  };
  const isThread = (q: number, r: number) => isNumber(q, r) || slashAt(q, r) >= 0;
  let period = NaN;
  let q = word();
  if (q === s) return false; // nothing but comm's first word
  let r = end;
  // a number after the thread or [cpu] is the period
  if (isNumber(q, r)) {
    const saveEnd = end;
    end = q;
    const q2 = word();
    const wide = fillsPeriodField(b, lineStart, q, r);
    if ((q2 > s || (wide && q2 < end)) && (isThread(q2, end) || isCpu(q2, end))) {
      period = intAt(b, q, r);
      q = q2;
      r = end;
    } else if (wide) {
      h.pid = -1;
      h.tid = -1;
      h.period = intAt(b, q, r);
      setComm(b, s, q, h);
      return true;
    } else {
      end = saveEnd;
    }
  }
  if (isCpu(q, r)) {
    end = q;
    q = word();
    r = end;
    if (q === s) return false;
  }
  if (!isThread(q, r)) return false;
  const slash = slashAt(q, r);
  h.pid = slash >= 0 ? intAt(b, q, slash) : -1;
  h.tid = slash >= 0 ? intAt(b, slash + 1, r) : intAt(b, q, r);
  h.period = period;
  setComm(b, s, q, h);
  return true;
}

/**
 * A header with no thread and no time, read when no other reading fits: `-F comm,event`,
 * `-F period,event` or `-F event` alone. The event is the first word that ends with ':' (not a
 * time); the number before it is the period when it fills the period's field, and what is left is
 * comm, maybe nothing. Sets h's comm, period and eventStart; false when no word is an event.
 */
function readUnthreaded(b: Uint8Array, s: number, e: number, h: Header): boolean {
  let p = s;
  for (;;) {
    while (p < e && isBlank(b[p])) p++;
    if (p >= e) return false;
    const w = p;
    while (p < e && !isBlank(b[p])) p++;
    if (p - w < 2 || b[p - 1] !== COLON || timeBefore(b, w, p - 1) === w) continue;
    let end = w;
    while (end > s && isBlank(b[end - 1])) end--;
    let q = end;
    while (q > s && isDigit(b[q - 1])) q--;
    const period = q < end && (q === s || isBlank(b[q - 1])) && fillsPeriodField(b, s, q, end);
    h.period = period ? intAt(b, q, end) : NaN;
    setComm(b, s, period ? q : end, h);
    h.eventStart = w;
    return true;
  }
}

/**
 * Whether the number b[q, r) fills perf script's period field: perf prints the period as `%10`
 * after one blank (none at the line's start), a thread as `%5d`, and a comm's own number has one
 * blank before it; so a number and its padding that take 10 columns or more are a period.
 */
function fillsPeriodField(b: Uint8Array, lineStart: number, q: number, r: number): boolean {
  let pad = q;
  while (pad > lineStart && isBlank(b[pad - 1])) pad--;
  return r - pad - (pad > lineStart ? 1 : 0) >= 10;
}

function setComm(b: Uint8Array, s: number, e: number, h: Header): void {
  while (s < e && isBlank(b[s])) s++;
  while (e > s && isBlank(b[e - 1])) e--;
  h.commStart = s;
  h.commEnd = e;
}

function intAt(b: Uint8Array, s: number, e: number): number {
  let v = 0;
  for (let p = s; p < e; p++) v = v * 10 + (b[p] - 48);
  return v;
}

/** digits '.' digits as a number, the fraction read exactly enough for microsecond and nanosecond times */
function decimalAt(b: Uint8Array, s: number, e: number): number {
  let p = s;
  let whole = 0;
  while (p < e && b[p] !== DOT) whole = whole * 10 + (b[p++] - 48);
  let fraction = 0;
  let scale = 1;
  for (p++; p < e; p++) {
    fraction = fraction * 10 + (b[p] - 48);
    scale *= 10;
  }
  return whole + fraction / scale;
}
