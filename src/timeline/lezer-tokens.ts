// Code tokenised by a Lezer parser: parse the whole window, then walk the tree's highlighted
// ranges. Loaded with the first Lezer parser a session needs (highlight.ts), so sessions
// whose code is all in stream-mode languages load no Lezer module at all.
import type { Parser } from '@lezer/common';
import { highlightCode } from '@lezer/highlight';
import { CODE_FOREGROUND } from './code-colours.js';
import { codeTheme } from './code-theme.js';
import type { TokenLine } from './model.js';
import { pushRun } from './token-runs.js';

/** Nested styles come as space-separated classes, outer first; the innermost one wins. */
function innermost(colours: string): string {
  return colours.slice(colours.lastIndexOf(' ') + 1) || CODE_FOREGROUND;
}

export function parsedTokens(parser: Parser): (code: string) => TokenLine[] {
  return (code) => {
    const lines: TokenLine[] = [[]];
    highlightCode(
      code,
      parser.parse(code),
      codeTheme,
      (text, colours) => pushRun(lines[lines.length - 1]!, text, innermost(colours)),
      () => lines.push([]),
    );
    return lines;
  };
}
