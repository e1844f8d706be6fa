// Assistant and user text, shaped for the stage: light markdown split into prose and code
// blocks, signature lines removed (the provenance badge shows them), and long text shortened.
import { scanProvenance } from '../recording/provenance.js';
import { highlight } from './highlight.js';
import type { TextBlock } from './model.js';

const MAX_PROSE_CHARS = 900;
const MAX_CODE_LINES = 14;

/** The text without its signature and sign-out marks: the provenance badge shows those. */
export function withoutProvenance(text: string): string {
  let out = text;
  for (const mark of scanProvenance(text).reverse()) {
    const raw = mark.kind === 'signature' ? mark.signature.raw : mark.signOut.raw;
    out = out.slice(0, mark.offset) + out.slice(mark.offset + raw.length);
  }
  return out;
}

/**
 * What a prompt says, without machinery: a Claude Code slash command's tags become
 * `/name args`; a party-line prompt's identity text gives way to the orchestrator's message.
 */
export function promptText(prompt: string): string {
  const command = /<command-name>([^<]*)<\/command-name>/.exec(prompt);
  if (command) {
    const args = /<command-args>([^<]*)<\/command-args>/.exec(prompt)?.[1]?.trim();
    const name = command[1]!.trim();
    return `${name.startsWith('/') ? '' : '/'}${name}${args ? ` ${args}` : ''}`;
  }
  return orchestratorMessage(prompt) ?? prompt;
}

/** The orchestrator's message of a party-line prompt; the identity text around it is boilerplate. */
export function orchestratorMessage(prompt: string): string | undefined {
  const m = /\[MESSAGE FROM ORCHESTRATOR\]\s*\n([\s\S]*?)(?:\n\s*End with:[^\n]*)?\s*$/.exec(prompt);
  return m ? m[1]!.trim() : undefined;
}

/** Split text into prose paragraphs and highlighted code blocks, within a display budget. */
export function toBlocks(text: string, budget = MAX_PROSE_CHARS): { blocks: TextBlock[]; chars: number } {
  const blocks: TextBlock[] = [];
  const lines = withoutProvenance(text.replace(/\r\n?/g, '\n')).split('\n');
  let chars = 0;
  let prose: string[] = [];
  const flushProse = () => {
    const para = prose.join(' ').replace(/\s+/g, ' ').trim();
    prose = [];
    if (!para || chars >= budget) return;
    const room = budget - chars;
    const shown = para.length > room ? `${para.slice(0, Math.max(0, room - 1)).trimEnd()}…` : para;
    chars += shown.length;
    blocks.push({ type: 'prose', text: shown });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s*(```+|~~~+)\s*([\w+#.-]*)/.exec(line);
    if (fence) {
      flushProse();
      const close = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(close)) body.push(lines[i++]!);
      if (chars >= budget) continue;
      const shown = body.slice(0, MAX_CODE_LINES);
      if (body.length > shown.length) shown.push(`… ${body.length - shown.length} more lines`);
      chars += shown.join('\n').length;
      blocks.push({ type: 'code', lang: fence[2] ?? '', lines: highlight(shown.join('\n'), fence[2] ?? '') });
      continue;
    }
    if (/^\s*>\s?/.test(line)) {
      // Blockquotes read as plain prose on the stage.
      lines[i] = line.replace(/^\s*>\s?/, '');
      i--;
      continue;
    }
    const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
    const bullet = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (!line.trim()) {
      flushProse();
    } else if (heading || bullet) {
      flushProse();
      prose.push(stripInline((heading ?? bullet)![1]!));
      const kind = heading ? { heading: true } : { bullet: true };
      const before = blocks.length;
      flushProse();
      if (blocks.length > before) Object.assign(blocks[blocks.length - 1]!, kind);
    } else {
      prose.push(stripInline(line));
    }
  }
  flushProse();
  return { blocks, chars };
}

/** Drop the inline markdown marks that would otherwise show as noise (**, `, links). */
function stripInline(s: string): string {
  return s
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
}

/** At most `maxLines` lines of at most `width` chars, with a count of what was left out. */
export function summarizeLines(text: string, maxLines: number, width = 120): string[] {
  // Walks the lines instead of splitting the whole text: a tool's output can run to megabytes
  // and only a few lines are kept. A blank first or last line is not counted.
  const flat = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  let lines = 1;
  for (let at = flat.indexOf('\n'); at !== -1; at = flat.indexOf('\n', at + 1)) lines++;
  const kept: string[] = [];
  let start = 0;
  for (let i = 0; i < lines && kept.length < maxLines; i++) {
    const end = i === lines - 1 ? flat.length : flat.indexOf('\n', start);
    const line = flat.slice(start, end);
    start = end + 1;
    if (!line.trim() && (i === 0 || i === lines - 1)) continue;
    kept.push(line.length > width ? `${line.slice(0, width - 1)}…` : line);
  }
  const blankEnds = (isBlankLine(flat, 0) ? 1 : 0) + (lines > 1 && isBlankLine(flat, flat.lastIndexOf('\n') + 1) ? 1 : 0);
  const counted = lines - blankEnds;
  if (counted > maxLines) kept.push(`… ${counted - maxLines} more lines`);
  return kept;
}

/** Whether the line starting at `from` holds only whitespace. */
function isBlankLine(text: string, from: number): boolean {
  const end = text.indexOf('\n', from);
  return !text.slice(from, end === -1 ? text.length : end).trim();
}

/** First line of plain text, shortened: for labels, transcript rows and search. */
export function oneLine(text: string, width = 160): string {
  return shorten(flatText(text), width);
}

/** Text as one plain line, whole: to shorten to several widths without flattening it again. */
export function flatText(text: string): string {
  return stripInline(withoutProvenance(text)).replace(/[*_]{2,}/g, '').replace(/\s+/g, ' ').trim();
}

/** A line cut to `width` characters, with an ellipsis when cut. */
export function shorten(line: string, width: number): string {
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

/**
 * A summary written the way Claude Code's compaction asks for one: `<analysis>` (working notes)
 * then `<summary>`. The notes are thinking and the summary is the message; other text is as it is.
 */
export function splitAnalysis(text: string): { analysis?: string; text: string } {
  const m = /^\s*<analysis>([\s\S]*?)<\/analysis>\s*(?:<summary>([\s\S]*?)(?:<\/summary>|$))?([\s\S]*)$/.exec(text);
  if (!m) return { text };
  return { analysis: m[1]!.trim(), text: `${m[2] ?? ''}${m[3] ?? ''}`.trim() };
}
