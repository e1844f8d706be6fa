// Reads a JSONL file line by line in fixed-size chunks, so a transcript of any size is
// never held in memory whole. Lines are split on the 0x0A byte (which never occurs inside a
// multi-byte UTF-8 sequence), then decoded; invalid bytes become U+FFFD and are reported.
import { closeSync, openSync, readSync } from 'node:fs';
import { firstInvalidUtf8 } from './field-checks.js';

const CHUNK_BYTES = 1 << 20;
/** Longer lines are skipped (their bytes are streamed past, never kept): V8 cannot hold them as one string. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

export interface LineInfo {
  /** 1-based line number. */
  line: number;
  /** The file ended without a newline after this line (a transcript still being written). */
  unterminated: boolean;
  /** Bytes that were not valid UTF-8 were replaced by U+FFFD. */
  invalidUtf8: boolean;
}

export interface LineVisitor {
  /** A look at the raw bytes first: null when the line is fully handled, else the bytes to decode. */
  raw?(bytes: Buffer): Buffer | null;
  line(text: string, info: LineInfo): void;
  /** A line longer than MAX_LINE_BYTES, skipped. */
  oversize(bytes: number, info: LineInfo): void;
}

/** Calls `visitor.line` for every non-empty line of the file, in order. Returns the number of lines. */
export function forEachLine(path: string, visitor: LineVisitor): number {
  const fd = openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false; // inside an oversize line
  let skippedBytes = 0;
  let lineNo = 0;

  const emit = (bytes: Buffer, unterminated: boolean): void => {
    lineNo++;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 13) end--; // CRLF
    // A byte-order mark some editors write is not part of the first line's JSON.
    const begin = lineNo === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    if (end <= begin) return;
    let line = bytes.subarray(begin, end);
    if (visitor.raw) {
      const kept = visitor.raw(line);
      if (kept === null) return;
      line = kept;
    }
    const text = line.toString('utf8');
    const invalidUtf8 = firstInvalidUtf8(text, line) !== -1;
    visitor.line(text, { line: lineNo, unterminated, invalidUtf8 });
  };
  const finishOversize = (unterminated: boolean): void => {
    lineNo++;
    visitor.oversize(skippedBytes, { line: lineNo, unterminated, invalidUtf8: false });
    skipping = false;
    skippedBytes = 0;
  };

  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (n <= 0) break;
      const view = chunk.subarray(0, n);
      let start = 0;
      for (;;) {
        const nl = view.indexOf(10, start);
        if (nl === -1) {
          const rest = n - start;
          if (skipping) skippedBytes += rest;
          else if (pendingBytes + rest > MAX_LINE_BYTES) {
            skipping = true;
            skippedBytes = pendingBytes + rest;
            pending = [];
            pendingBytes = 0;
          } else if (rest > 0) {
            pending.push(Buffer.from(view.subarray(start, n))); // copy: the chunk is reused
            pendingBytes += rest;
          }
          break;
        }
        if (skipping) {
          skippedBytes += nl - start;
          finishOversize(false);
        } else if (pendingBytes === 0) {
          emit(view.subarray(start, nl), false);
        } else if (pendingBytes + (nl - start) > MAX_LINE_BYTES) {
          skippedBytes = pendingBytes + (nl - start);
          pending = [];
          pendingBytes = 0;
          finishOversize(false);
        } else {
          pending.push(view.subarray(start, nl));
          const whole = Buffer.concat(pending, pendingBytes + (nl - start));
          pending = [];
          pendingBytes = 0;
          emit(whole, false);
        }
        start = nl + 1;
      }
    }
    if (skipping) finishOversize(true);
    else if (pendingBytes > 0) emit(Buffer.concat(pending, pendingBytes), true);
  } finally {
    closeSync(fd);
  }
  return lineNo;
}
