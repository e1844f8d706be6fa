// Claude Code repeats a tool's output in the line's `toolUseResult` (Read: `file`, Bash:
// `stdout`/`stderr`, Edit: the whole `originalFile`, Grep: `content`), often a quarter of a
// transcript's bytes. The reader never uses those copies (the tool_result block holds what the
// model saw), so their values are cut from the raw bytes before the line is decoded and parsed.
// Only a well-formed `toolUseResult` object is touched; anything unexpected is left as it is.

const TOOL_USE_RESULT = Buffer.from('"toolUseResult":');
const DUPLICATE_KEYS = new Set(['originalFile', 'file', 'stdout', 'stderr', 'content']);
/** Values shorter than this are not worth a copy of the line. */
const MIN_CUT_BYTES = 512;
const NULL = Buffer.from('null');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function skipSpace(b: Buffer, i: number): number {
  while (i < b.length) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** `i` at an opening quote: the index just after the closing one, or -1. */
function skipString(b: Buffer, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = b.indexOf(QUOTE, from);
    if (q === -1) return -1;
    let slashes = 0;
    for (let k = q - 1; k > i && b[k] === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** `i` at the start of a JSON value: the index just after it, or -1. */
function skipValue(b: Buffer, i: number): number {
  const c = b[i];
  if (c === QUOTE) return skipString(b, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let j = i; j < b.length; j++) {
      const x = b[j];
      if (x === QUOTE) {
        const after = skipString(b, j);
        if (after === -1) return -1;
        j = after - 1;
      } else if (x === 0x7b || x === 0x5b) depth++;
      else if (x === 0x7d || x === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < b.length && b[j] !== 0x2c && b[j] !== 0x7d && b[j] !== 0x5d) j++;
  return j > i ? j : -1;
}

/** The line with the duplicated values of `toolUseResult` replaced by null (the same buffer when there are none). */
export function cutDuplicateResults(line: Buffer): Buffer {
  const at = line.indexOf(TOOL_USE_RESULT);
  if (at === -1) return line;
  let i = skipSpace(line, at + TOOL_USE_RESULT.length);
  if (line[i] !== 0x7b) return line;
  const cuts: Array<[number, number]> = [];
  i = skipSpace(line, i + 1);
  while (line[i] !== 0x7d) {
    if (line[i] !== QUOTE) return line;
    const keyEnd = skipString(line, i);
    if (keyEnd === -1) return line;
    const key = line.toString('latin1', i + 1, keyEnd - 1);
    i = skipSpace(line, keyEnd);
    if (line[i] !== 0x3a) return line;
    const valueStart = skipSpace(line, i + 1);
    const valueEnd = skipValue(line, valueStart);
    if (valueEnd === -1) return line;
    if (DUPLICATE_KEYS.has(key) && valueEnd - valueStart >= MIN_CUT_BYTES) cuts.push([valueStart, valueEnd]);
    i = skipSpace(line, valueEnd);
    if (line[i] === 0x2c) i = skipSpace(line, i + 1);
    else if (line[i] !== 0x7d) return line;
  }
  if (cuts.length === 0) return line;
  const parts: Buffer[] = [];
  let from = 0;
  for (const [s, e] of cuts) {
    parts.push(line.subarray(from, s), NULL);
    from = e;
  }
  parts.push(line.subarray(from));
  return Buffer.concat(parts);
}
