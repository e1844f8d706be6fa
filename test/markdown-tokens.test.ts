// Markdown's line scan against the parser it stands in for: Lezer's GFM Markdown parser, coloured
// by the same theme. Colours are compared character by character (spaces aside, which paint
// nothing) on this repository's own documents, every README its installed packages ship, and a
// page that holds each construct once.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GFM, parser } from '@lezer/markdown';
import { describe, expect, it } from 'vitest';
import { CODE_FOREGROUND, COMMENT, CONSTANT, REGEXP, STRING, TAG } from '../src/timeline/code-colours.js';
import { highlight, loadLanguages } from '../src/timeline/highlight.js';
import { parsedTokens } from '../src/timeline/lezer-tokens.js';
import { markdownTokens } from '../src/timeline/markdown-tokens.js';
import type { TokenLine } from '../src/timeline/model.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const lezer = parsedTokens(parser.configure(GFM));

/** Each line's colour per character. */
const colourAt = (lines: TokenLine[]): string[][] => lines.map((runs) => runs.flatMap((r) => [...r.text].map(() => r.color)));

/**
 * Characters (not spaces) whose colour differs, of all characters; and lines whose runs differ at
 * all (a space's colour, a run split elsewhere), of all lines.
 */
function compare(text: string): { differing: number; total: number; linesDiffering: number; lines: number; first?: string } {
  const oursRuns = markdownTokens(text);
  const theirsRuns = lezer(text);
  const ours = colourAt(oursRuns);
  const theirs = colourAt(theirsRuns);
  const lines = text.split('\n');
  let differing = 0;
  let total = 0;
  let first: string | undefined;
  lines.forEach((line, i) => {
    [...line].forEach((c, k) => {
      if (/\s/.test(c)) return;
      total++;
      if (ours[i]?.[k] !== theirs[i]?.[k]) {
        differing++;
        first ??= `line ${i + 1}: ${line}`;
      }
    });
  });
  const linesDiffering = theirsRuns.filter((runs, i) => JSON.stringify(runs) !== JSON.stringify(oursRuns[i])).length;
  return { differing, total, linesDiffering, lines: lines.length, first };
}

const PAGE = [
  '# Tide *tables*',
  '',
  'Some **bold**, _it_, `code`, [a link](https://example.com/x "Title"), <https://a.example>,',
  'a bare https://tides.example/today., a mail to harbour@tides.example, &amp; and \\* and ~~old~~.',
  'A span of `code that runs',
  'over a line` and a [ref][label].',
  '',
  '> A quote with `code` and **strong**,',
  'continued lazily.',
  '',
  '- item',
  '  - [x] done',
  '1. first',
  '',
  '```ts',
  'const a = `not *markdown*`;',
  '```',
  '',
  '    indented code',
  '',
  'Setext',
  '======',
  '',
  '***',
  '',
  '| tide | height |',
  '|------|-------:|',
  '| high | `6.2` m |',
  '',
  '<div class="note">',
  '*raw* html',
  '</div>',
  '',
  '<!-- a comment',
  'over two lines -->',
  '',
  '[label]: https://example.com/label "Label"',
  '![a chart](chart.png)',
].join('\n');

describe('markdown line scan', () => {
  it('colours each construct as the theme does', () => {
    const lines = markdownTokens(PAGE);
    const colourOf = (line: number, text: string): string | undefined => {
      const at = PAGE.split('\n')[line - 1]!.indexOf(text);
      return colourAt(lines)[line - 1]![at];
    };
    expect(colourOf(1, '# Tide')).toBe(CONSTANT);
    expect(colourOf(3, 'Some')).toBe(CODE_FOREGROUND);
    expect(colourOf(3, '**')).toBe(CONSTANT);
    expect(colourOf(3, 'bold')).toBe(CODE_FOREGROUND);
    expect(colourOf(3, '`code`')).toBe(CONSTANT);
    expect(colourOf(3, 'a link')).toBe(REGEXP);
    expect(colourOf(3, 'https://example.com/x')).toBe(REGEXP);
    expect(colourOf(3, '"Title"')).toBe(STRING);
    expect(colourOf(4, 'https://tides')).toBe(REGEXP);
    expect(colourOf(4, 'harbour@')).toBe(REGEXP);
    expect(colourOf(4, '&amp;')).toBe(STRING);
    expect(colourOf(6, 'over a line')).toBe(CONSTANT);
    expect(colourOf(8, 'A quote')).toBe(TAG);
    expect(colourOf(9, 'continued')).toBe(TAG);
    expect(colourOf(12, '[x]')).toBe(CONSTANT);
    expect(colourOf(16, 'const a')).toBe(CONSTANT);
    expect(colourOf(19, 'indented')).toBe(CONSTANT);
    expect(colourOf(21, 'Setext')).toBe(CONSTANT);
    expect(colourOf(24, '***')).toBe(CODE_FOREGROUND);
    expect(colourOf(26, 'tide')).toBe(CONSTANT);
    expect(colourOf(28, 'high')).toBe(CODE_FOREGROUND);
    expect(colourOf(31, 'raw')).toBe(CODE_FOREGROUND);
    expect(colourOf(35, 'over two')).toBe(COMMENT);
    expect(colourOf(37, 'https://example.com/label')).toBe(REGEXP);
    expect(colourOf(38, 'a chart')).toBe(REGEXP);
    // Every character, against Lezer.
    expect(compare(PAGE)).toMatchObject({ differing: 0, linesDiffering: 0 });
  });

  it('is what highlight() uses for .md files', async () => {
    await loadLanguages(['md']);
    expect(highlight(PAGE, 'md')).toEqual(markdownTokens(PAGE));
  });

  it('reads 90 KB lines of brackets, stars, backticks or parentheses in linear time', () => {
    const lines = [
      '[]['.repeat(30_000), '*a'.repeat(45_000), '`a'.repeat(45_000), '[a]('.repeat(22_000), '_a_ '.repeat(22_000), '*_[`<&'.repeat(15_000),
      `${'['.repeat(20_000)}${']'.repeat(20_000)}(x)`, `https://a.example/${')'.repeat(90_000)}`, `${'www.'.repeat(22_000)}a_b`, 'www.a.b&amp;'.repeat(7_500),
    ];
    for (const line of lines) {
      const started = performance.now();
      const runs = markdownTokens(line);
      // About 20 ms each here; a scan that went quadratic takes seconds.
      expect(performance.now() - started, line.slice(0, 12)).toBeLessThan(1000);
      expect(runs[0]!.map((r) => r.text).join('')).toBe(line);
    }
  });

  it('reads the cases that once went wrong as Lezer does', () => {
    const cases = [
      '- Fixed a bug\n- Added a feature\n---', // a rule under a list, not a heading
      '- a\n-\n- b',
      'text\n\u00a0\nmore\n---', // a no-break space is no blank line
      '- a\n# H\n\n    code', // a heading at the margin ends the list
      '|https://a.com/x|b|\n|-|-|\n|https://c.com/y|d|', // cells are read one by one
      '| *x | y* |\n|-|-|\n| [x | y](z) |',
      'www.x.a_b@c.com and more', // a domain that is no link, then an address
      'text\n\n  \tcode', // indented code four columns in, spaces and a tab
    ];
    for (const text of cases) expect(markdownTokens(text), text).toEqual(lezer(text));
  });

  it('keeps Windows line ends in the line and still reads the blocks', () => {
    const lines = markdownTokens('# Title\r\n\r\n```sh\r\nnpm test\r\n```\r\n');
    expect(lines.map((l) => l.map((r) => r.text).join(''))).toEqual(['# Title\r', '\r', '```sh\r', 'npm test\r', '```\r', '']);
    expect(lines[3]![0]!.color).toBe(CONSTANT);
  });

  it('colours this repository\'s documents exactly as Lezer does', () => {
    const docs = ['README.md', 'CHANGELOG.md', 'src/recording/README.md'].map((f) => join(ROOT, f));
    for (const doc of docs) expect(compare(readFileSync(doc, 'utf8')), doc).toMatchObject({ differing: 0, linesDiffering: 0 });
  });

  it('agrees with Lezer on at least 99.9% of the characters and lines of the installed packages\' READMEs', () => {
    const modules = join(ROOT, 'node_modules');
    const readmes: string[] = [];
    for (const entry of readdirSync(modules)) {
      const dirs = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((d) => join(entry, d)) : [entry];
      for (const dir of dirs) {
        const path = join(modules, dir, 'README.md');
        if (existsSync(path)) readmes.push(path);
      }
    }
    expect(readmes.length).toBeGreaterThan(50);
    let differing = 0;
    let total = 0;
    let linesDiffering = 0;
    let lines = 0;
    for (const path of readmes) {
      const r = compare(readFileSync(path, 'utf8'));
      differing += r.differing;
      total += r.total;
      linesDiffering += r.linesDiffering;
      lines += r.lines;
      // No one file far off: a construct read wrongly would show here first.
      expect(r.differing / Math.max(1, r.total), `${path}: ${r.first}`).toBeLessThan(0.01);
    }
    expect(total).toBeGreaterThan(300_000);
    expect(differing / total).toBeLessThan(0.001);
    // Runs alike too, spaces and all: the timeline holds the same tokens as before.
    expect(linesDiffering / lines).toBeLessThan(0.001);
  });
});
