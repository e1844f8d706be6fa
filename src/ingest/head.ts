// The first bytes of a file: enough to tell its format without reading it all.
import { closeSync, openSync, readSync } from 'node:fs';

export const HEAD_BYTES = 64 * 1024;

export function readHead(path: string, bytes = HEAD_BYTES): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
