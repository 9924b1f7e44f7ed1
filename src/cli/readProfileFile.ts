import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A file's bytes, of any size a Uint8Array holds (4 GiB in Node 20): readFileSync stops at 2 GiB
 * (ERR_FS_FILE_TOO_LARGE), and the CLI reads 2 GB profiles. Read in 64 MiB pieces into one
 * buffer, so nothing is copied twice.
 */
export function readProfileFile(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const out = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, out, at, Math.min(PIECE, size - at), at);
      if (n === 0) return out.subarray(0, at); // the file shrank while being read
      at += n;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

const PIECE = 64 << 20;
