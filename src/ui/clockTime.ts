/**
 * A file's write time as the local clock's `HH:MM:SS`. Written out rather than through
 * `toLocaleTimeString`: the first call of that in a page loads ICU's date patterns, 49-66 ms on
 * this project's machine, and it came in the render of the profile list's first rows, making
 * that frame a task of over 50 ms. A 24-hour clock with fixed widths also lines up in a column.
 */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '–';
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
