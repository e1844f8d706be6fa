// Coloured runs of a line of code, as both tokenisers build them.
import type { TokenLine } from './model.js';

/** Append a run, merging it into the previous one when the colour is the same (fewer runs to ship). */
export function pushRun(line: TokenLine, text: string, color: string): void {
  const last = line[line.length - 1];
  if (last && last.color === color) last.text += text;
  else line.push({ text, color });
}
