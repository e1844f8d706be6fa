// Markdown coloured line by line, as Lezer's GFM Markdown parser and code-theme.ts colour it:
// marks (`#`, `*`, `>`, `-`, backticks, brackets), headings, code and table headers in the
// constant colour, links and URLs in the link colour, quotes in the tag colour, entities as
// strings, HTML comments as comments. A README or a plan is what sessions write most after code;
// Lezer's parser, with its tree, highlighter and their modules, took about 4 ms of a 30 ms export
// for one such file. Blocks are told apart line by line; a paragraph's inline syntax (code,
// links, emphasis) is read across its line breaks, by CommonMark's rules.
// test/markdown-tokens.test.ts holds the two to the same runs on real files.
//
// What it leaves out: blocks nested inside a quote (a fence or a table after `>`), and the finer
// rules of list item indentation; either is rare, and shows in plain or constant colour at worst.
import * as theme from './code-colours.js';
import type { TokenLine } from './model.js';

// Colours as small numbers while scanning, a byte a character, named as the theme names them.
const CODE_FOREGROUND = 0;
const CONSTANT = 1;
const REGEXP = 2;
const STRING = 3;
const TAG = 4;
const COMMENT = 5;
const PALETTE = [theme.CODE_FOREGROUND, theme.CONSTANT, theme.REGEXP, theme.STRING, theme.TAG, theme.COMMENT];

/** Only spaces and tabs: CommonMark's blank line (a no-break space is text). */
const BLANK = /^[ \t]*$/;
const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const LIST_FENCE = /^([ \t]*)(`{3,}|~{3,})(.*)$/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^([ \t]*)([-+*]|\d{1,9}[.)])(?=[ \t]|$)/;
const TASK = /^([ \t]+)(\[[ xX]\])(?=[ \t])/;
const QUOTE = /^ {0,3}>/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
/** `[label]: url "title"`: the label (plain), `:`, the URL and the title. */
const LINK_DEFINITION = /^( {0,3}\[(?:[^\]\\]|\\.)+\]:)([ \t]*)(<[^>\n]*>|\S+)(([ \t]+)("[^"]*"|'[^']*'|\([^)]*\)))?([ \t]*)$/;
/** CommonMark's HTML blocks: raw text, no inline syntax. Kinds 1 (ends at its closing tag), 6 and 7 (end at a blank line). */
const HTML_RAW_START = /^ {0,3}<(script|pre|style|textarea)(?:\s|>|$)/i;
const HTML_BLOCK_START = /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:\s|\/?>|$)/i;
/** An open tag with its attributes, or a closing tag: inline HTML, and (alone on a line) CommonMark's HTML block 7. */
const TAG_SOURCE = `<[A-Za-z][A-Za-z0-9-]*(?:\\s+[A-Za-z_:][\\w.:-]*(?:\\s*=\\s*(?:[^\\s"'=<>\`]+|'[^']*'|"[^"]*"))?)*\\s*\\/?>|<\\/[A-Za-z][A-Za-z0-9-]*\\s*>`;
const HTML_TAG_LINE = new RegExp(`^ {0,3}(?:${TAG_SOURCE})[ \\t]*$`);
const HTML_COMMENT_START = /^ {0,3}<!--/;
const ENTITY = /^&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
const AUTOLINK = /^<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|^<[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*>/;
const HTML_TAG = new RegExp(`^(?:${TAG_SOURCE})`);
/** Where a bare link starts: a URL's beginning (1), `mailto:`/`xmpp:` (2), or an address (neither). */
const LINK_START = /(www\.|https?:\/\/)|(mailto:|xmpp:)|[\w.+-]{1,100}@/y;
/** A bare URL: its domain (a dot in it), then a port and a path. */
const DOMAIN = /[\w-]+(?:\.[\w-]+)+/y;
const PORT_AND_PATH = /(?::\d+)?(?:\/[^\s<]*)?/y;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w.-]+)+/y;
const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Lines whose inline text is read as one (a paragraph), from `from` on each, over `base`. */
interface Paragraph {
  lines: Array<{ index: number; from: number }>;
  base: number;
  /** Quoted (continued lazily on lines without `>`): no setext underline can follow. */
  quoted: boolean;
  /** A list item's text starts at this column: an underline makes it a heading only from there. */
  itemText?: number;
}

/** The tokeniser highlight.ts uses for `md`. */
export function markdownTokens(code: string): TokenLine[] {
  const lines = code.split('\n');
  const colours = lines.map((line) => new Uint8Array(line.length));
  const paint = (i: number, from: number, to: number, colour: number): void => {
    colours[i]!.fill(colour, from, to);
  };
  /** To the end of the line, its `\r` too (as Lezer's parser paints it). */
  const paintRest = (i: number, from: number, colour: number): void => {
    colours[i]!.fill(colour, from);
  };
  let fence: { char: string; length: number; indent: number; inList: boolean } | undefined;
  let inComment = false;
  /** In an HTML block: until a blank line, or (a `<pre>`, `<script>`...) until this closing tag. */
  let html: { until?: RegExp } | undefined;
  let paragraph: Paragraph | undefined;
  /** Within a list: indented lines continue its items rather than start code. */
  let inList = false;
  /** The column where the last list item's text starts: a deeper item nests in it, up to 3 columns more. */
  let itemText = 0;
  let blankBefore = false;
  let inTable = false;
  const endParagraph = (base?: number): void => {
    if (paragraph) inlineParagraph(lines, paragraph, colours, base ?? paragraph.base);
    paragraph = undefined;
  };
  const startParagraph = (index: number, from: number, base: number, quoted = false): void => {
    endParagraph();
    paragraph = { lines: [{ index, from }], base, quoted };
  };
  for (let i = 0; i < lines.length; i++) {
    // Classified without a Windows line end's `\r` (it stays in the line, coloured as its neighbours).
    const line = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    if (fence) {
      const close = (fence.inList ? LIST_FENCE : FENCE).exec(line);
      if (close && close[2]![0] === fence.char && close[2]!.length >= fence.length && BLANK.test(close[3]!)) {
        fence = undefined;
        paint(i, close[1]!.length, close[1]!.length + close[2]!.length, CONSTANT);
      } else {
        // The code is the line less the fence's own indentation.
        let from = 0;
        while (from < fence.indent && line[from] === ' ') from++;
        paintRest(i, from, CONSTANT);
      }
      continue;
    }
    if (inComment) {
      const end = line.indexOf('-->');
      paint(i, 0, end < 0 ? line.length : end + 3, COMMENT);
      inComment = end < 0;
      continue;
    }
    if (html) {
      if (html.until ? html.until.test(line) : BLANK.test(line)) html = undefined;
      continue;
    }
    if (BLANK.test(line)) {
      endParagraph();
      inTable = false;
      blankBefore = true;
      continue;
    }
    // Each block starts with its own character: only its pattern is tried (most never run, nor compile).
    let indent = 0;
    let columns = 0;
    for (; line[indent] === ' ' || line[indent] === '\t'; indent++) columns += line[indent] === '\t' ? 4 - (columns % 4) : 1;
    const c = line[indent]!;
    const mayList = c === '-' || c === '+' || c === '*' || (c >= '0' && c <= '9');
    // A line at the margin after a blank line, other than a next item, ends a list.
    if (blankBefore && indent === 0 && !(mayList && LIST_ITEM.test(line))) inList = false;
    blankBefore = false;
    // In a list, a fence is indented to its item's text.
    const opened = c === '`' || c === '~' ? (inList ? LIST_FENCE : FENCE).exec(line) : null;
    // A block at the margin that is no paragraph text ends a list.
    const atMargin = indent === 0;
    if (opened && !(opened[2]![0] === '`' && opened[3]!.includes('`'))) {
      endParagraph();
      if (atMargin) inList = false;
      fence = { char: opened[2]![0]!, length: opened[2]!.length, indent: opened[1]!.length, inList };
      paint(i, opened[1]!.length, opened[1]!.length + opened[2]!.length, CONSTANT);
    } else if (c === '#' && ATX_HEADING.test(line)) {
      startParagraph(i, indent, CONSTANT);
      endParagraph();
      if (atMargin) inList = false;
    } else if ((c === '=' || c === '-') && paragraph && !paragraph.quoted && columns >= (paragraph.itemText ?? 0) && SETEXT_UNDERLINE.test(line)) {
      endParagraph(CONSTANT);
      paintRest(i, indent, CONSTANT);
    } else if ((c === '-' || c === '*' || c === '_') && RULE.test(line)) {
      endParagraph();
      if (atMargin) inList = false;
    } else if (c === '[' && !paragraph && LINK_DEFINITION.test(line)) {
      const d = LINK_DEFINITION.exec(line)!;
      const colon = d[1]!.length - 1;
      paint(i, colon, colon + 1, CONSTANT);
      const url = d[1]!.length + d[2]!.length;
      paint(i, url, url + d[3]!.length, REGEXP);
      const title = url + d[3]!.length + (d[5]?.length ?? 0);
      if (d[6]) paint(i, title, title + d[6].length, STRING);
    } else if (c === '<' && (HTML_RAW_START.test(line) || HTML_BLOCK_START.test(line) || (!paragraph && HTML_TAG_LINE.test(line)))) {
      endParagraph();
      if (atMargin) inList = false;
      const raw = HTML_RAW_START.exec(line);
      const until = raw ? new RegExp(`</${raw[1]}>`, 'i') : undefined;
      if (!(until ? until.test(line) : false)) html = { until };
    } else if (c === '<' && HTML_COMMENT_START.test(line)) {
      endParagraph();
      const end = line.indexOf('-->', line.indexOf('<!--') + 4);
      paint(i, 0, end < 0 ? line.length : end + 3, COMMENT);
      inComment = end < 0;
    } else if (c === '>' && QUOTE.test(line)) {
      let at = 0;
      for (let q = /^ {0,3}>/.exec(line); q; q = /^ {0,3}>/.exec(line.slice(at))) {
        at += q[0].length;
        paint(i, at - 1, at, CONSTANT);
      }
      const rest = line.slice(at);
      const item = LIST_ITEM.exec(rest);
      if (item) paint(i, at + item[1]!.length, at + item[0].length, CONSTANT);
      if (ATX_HEADING.test(rest.replace(/^[ \t]/, ''))) {
        startParagraph(i, at, CONSTANT);
        endParagraph();
      } else if (paragraph?.quoted && !item) paragraph.lines.push({ index: i, from: at });
      else startParagraph(i, item ? at + item[0].length : at, TAG, true);
    } else if (line.includes('|') && TABLE_DELIMITER.test(lines[i + 1] ?? '') && lines[i + 1]!.includes('|') && !inTable) {
      endParagraph();
      if (atMargin) inList = false;
      tableRow(line, colours[i]!, CONSTANT);
      paintRest(i, line.length, CONSTANT);
      paintRest(i + 1, 0, CONSTANT);
      i++;
      inTable = true;
    } else if (inTable) {
      endParagraph();
      tableRow(line, colours[i]!, CODE_FOREGROUND);
    } else if (mayList && columns < (inList ? itemText + 4 : 4) && LIST_ITEM.test(line)) {
      const item = LIST_ITEM.exec(line)!;
      paint(i, item[1]!.length, item[0].length, CONSTANT);
      itemText = columns + item[2]!.length + 1;
      let at = item[0].length;
      const task = TASK.exec(line.slice(at));
      if (task) {
        paint(i, at + task[1]!.length, at + task[0].length, CONSTANT);
        at += task[0].length;
      }
      startParagraph(i, at, CODE_FOREGROUND);
      paragraph!.itemText = itemText;
      inList = true;
    } else if (paragraph) {
      // A lazy continuation: the paragraph (a quote's too) goes on.
      // Its indentation is inside a link or code that runs over the break.
      paragraph.lines.push({ index: i, from: 0 });
    } else if (columns >= 4 && !inList) {
      // The code starts four columns in; any deeper indentation is the code's own.
      let at = 0;
      for (let width = 0; width < 4; at++) width += line[at] === '\t' ? 4 - (width % 4) : 1;
      paintRest(i, at, CONSTANT);
    } else {
      startParagraph(i, indent, CODE_FOREGROUND);
    }
  }
  endParagraph();
  return lines.map((line, i) => runsOf(line, colours[i]!));
}

/** A table row: its pipes (unescaped) as marks, and each cell's inline syntax read on its own. */
function tableRow(line: string, colours: Uint8Array, base: number): void {
  colours.fill(base, 0, line.length);
  let start = 0;
  for (let k = 0; k <= line.length; k++) {
    if (k < line.length && (line[k] !== '|' || line[k - 1] === '\\')) continue;
    if (k > start) colours.set(inline(line.slice(start, k), base), start);
    if (k < line.length) colours[k] = CONSTANT;
    start = k + 1;
  }
}

/** A paragraph's inline syntax, read across its line breaks, painted back onto its lines. */
function inlineParagraph(lines: string[], p: Paragraph, colours: Uint8Array[], base: number): void {
  const text = p.lines.map(({ index, from }) => lines[index]!.slice(from)).join('\n');
  const painted = inline(text, base);
  let at = 0;
  for (const { index, from } of p.lines) {
    const length = lines[index]!.length - from;
    colours[index]!.set(painted.subarray(at, at + length), from);
    at += length + 1;
  }
}

function runsOf(line: string, colours: Uint8Array): TokenLine {
  const runs: TokenLine = [];
  for (let from = 0, k = 1; k <= line.length; k++) {
    if (k === line.length || colours[k] !== colours[from]) {
      runs.push({ text: line.slice(from, k), color: PALETTE[colours[from]!]! });
      from = k;
    }
  }
  return runs;
}

/**
 * The colours of `line`'s inline syntax over a `base` colour: first what hides the rest (code
 * spans, autolinks, HTML, escapes, entities), then links and images, then emphasis and
 * strikethrough marks, then GFM's bare URLs. CommonMark's precedence, in that order.
 */
function inline(line: string, base: number): Uint8Array {
  const colours = new Uint8Array(line.length).fill(base);
  /**
   * Characters already taken by something that hides the syntax inside it: 1 with a colour of its
   * own (code, an entity), 2 without (an HTML tag, which takes the colour of a link around it).
   */
  const taken = new Uint8Array(line.length);
  const take = (a: number, b: number, colour: number | undefined): void => {
    for (let k = a; k < b; k++) {
      taken[k] = colour === undefined ? 2 : 1;
      if (colour !== undefined) colours[k] = colour;
    }
  };
  for (let k = 0; k < line.length; k++) {
    const c = line[k]!;
    if (c === '`') {
      let n = 1;
      while (line[k + n] === '`') n++;
      const close = closingTicks(line, k + n, n);
      if (close >= 0) {
        take(k, close + n, CONSTANT);
        k = close + n - 1;
      } else k += n - 1;
    } else if (c === '\\' && k + 1 < line.length && PUNCTUATION.test(line[k + 1]!)) {
      take(k, k + 2, CONSTANT);
      k++;
    } else if (c === '\\' && line[k + 1] === '\n') {
      take(k, k + 1, CONSTANT); // a hard line break
    } else if (c === ' ' && line[k + 1] === ' ') {
      // Two or more spaces before a line break within the paragraph: a hard line break too.
      let end = k + 2;
      while (line[end] === ' ') end++;
      if (line[end] === '\n') take(k, end, CONSTANT);
      k = end - 1;
    } else if (c === '&') {
      const m = ENTITY.exec(line.slice(k));
      if (m) {
        take(k, k + m[0].length, STRING);
        k += m[0].length - 1;
      }
    } else if (c === '<') {
      const rest = line.slice(k);
      const auto = AUTOLINK.exec(rest);
      if (auto) {
        take(k, k + auto[0].length, REGEXP);
        colours[k] = colours[k + auto[0].length - 1] = CONSTANT;
        k += auto[0].length - 1;
      } else if (rest.startsWith('<!--')) {
        const end = line.indexOf('-->', k + 4);
        const stop = end < 0 ? line.length : end + 3;
        take(k, stop, COMMENT);
        k = stop - 1;
      } else {
        const tag = HTML_TAG.exec(rest);
        if (tag) {
          take(k, k + tag[0].length, undefined);
          k += tag[0].length - 1;
        }
      }
    }
  }
  links(line, colours, taken);
  delimiters(line, colours, taken);
  bareLinks(line, colours, taken);
  return colours;
}

/**
 * GFM's autolinks without brackets (its spec's extended autolinks): from `www.`, `http(s)://`,
 * `mailto:` or `xmpp:`, or an e-mail address, at the start of a word. A domain needs a dot, and
 * trailing punctuation, an unbalanced `)` or an entity is left out of the link.
 */
function bareLinks(line: string, colours: Uint8Array, taken: Uint8Array): void {
  for (let k = 0; k < line.length; k++) {
    if (taken[k] || (k > 0 && /\w/.test(line[k - 1]!))) continue;
    LINK_START.lastIndex = k;
    const start = LINK_START.exec(line);
    if (!start) continue;
    let end: number;
    if (start[1]) {
      const url = urlEnd(line, k, k + start[0].length);
      if (!url.link) {
        // Every later URL start inside this domain ends where it does, and fails alike (an
        // address, `…@`, starts there too: then look on).
        if (line[url.end] !== '@') k = Math.max(k, url.end - 1);
        continue;
      }
      end = url.end;
    } else end = emailEnd(line, start[2] ? k + start[0].length : k);
    if (end <= k) continue;
    for (let j = k; j < end; j++) if (!taken[j]) colours[j] = REGEXP;
    k = end - 1;
  }
}

/**
 * A bare URL from `from` (its domain from `at`, past `www.` or the scheme): where it ends, or,
 * when it is no link, where its domain ends (the caller skips to there).
 */
function urlEnd(line: string, from: number, at: number): { link: boolean; end: number } {
  DOMAIN.lastIndex = at;
  const domain = DOMAIN.exec(line);
  if (!domain) return { link: false, end: at };
  const domainEnd = at + domain[0].length;
  // The last two parts of the domain may hold no underscore.
  const lastDot = domain[0].lastIndexOf('.');
  if (domain[0].slice(domain[0].lastIndexOf('.', lastDot - 1) + 1).includes('_')) return { link: false, end: domainEnd };
  PORT_AND_PATH.lastIndex = domainEnd;
  let end = domainEnd + PORT_AND_PATH.exec(line)![0].length;
  let opens = 0;
  let closes = 0;
  for (let k = from; k < end; k++) {
    if (line[k] === '(') opens++;
    else if (line[k] === ')') closes++;
  }
  // Trailing punctuation, an unbalanced `)` and an entity are not part of the link.
  for (;;) {
    const last = line[end - 1]!;
    if (/[?!.,:*_~]/.test(last)) end--;
    else if (last === ')' && closes > opens) {
      end--;
      closes--;
    } else if (last === ';') {
      const amp = line.lastIndexOf('&', end - 1);
      if (amp < from || !/^&(?:#\d+|#x[a-f\d]+|\w+);$/.test(line.slice(amp, end))) return { link: true, end };
      end = amp;
    } else return { link: true, end };
  }
}

function emailEnd(line: string, at: number): number {
  EMAIL.lastIndex = at;
  const m = EMAIL.exec(line);
  if (!m) return -1;
  const last = m[0][m[0].length - 1];
  if (last === '_' || last === '-') return -1;
  return at + m[0].length - (last === '.' ? 1 : 0);
}

/** Where a code span opened by `n` backticks closes (a run of exactly `n`), or -1. */
function closingTicks(line: string, from: number, n: number): number {
  for (let k = line.indexOf('`', from); k >= 0; k = line.indexOf('`', k)) {
    let m = 1;
    while (line[k + m] === '`') m++;
    if (m === n) return k;
    k += m;
  }
  return -1;
}

/**
 * `[text]`, `[text](url "title")`, `[text][label]` and `![alt](src)`: marks, text, URL and title.
 * CommonMark's bracket stack: a `]` closes the nearest `[`; a link inside makes the brackets around
 * it plain (links do not nest; images do). Lezer reads `[text]` as a link whether or not a
 * definition exists, and so does this.
 */
function links(text: string, colours: Uint8Array, taken: Uint8Array): void {
  const openers: Array<{ at: number; image: boolean }> = [];
  /** Openers below this depth are plain: a link closed above them (links do not nest). */
  let activeFrom = 0;
  /** Characters already inside a link or image (an image within a link's text keeps its colours). */
  const linked = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) {
    if (taken[k]) continue;
    const c = text[k];
    if (c === '\\') k++;
    else if (c === '[') openers.push({ at: k, image: k > 0 && text[k - 1] === '!' && !taken[k - 1] });
    else if (c === ']' && openers.length) {
      const opener = openers.pop()!;
      if (openers.length < activeFrom) {
        // A plain `[`: so are all below it.
        activeFrom = openers.length;
        continue;
      }
      let end = k + 1;
      let destination: { open: number; close: number } | undefined;
      let label = -1;
      if (text[end] === '(') {
        const close = destinationEnd(text, end);
        if (close >= 0) destination = { open: end, close };
      } else if (text[end] === '[') {
        label = labelEnd(text, end, taken);
      }
      if (!destination && label < 0 && !text.slice(opener.at + 1, k).trim()) continue; // `[]` is no link
      const start = opener.image ? opener.at - 1 : opener.at;
      colours.fill(CONSTANT, start, opener.at + 1);
      for (let j = opener.at + 1; j < k; j++) if (taken[j] !== 1 && !linked[j]) colours[j] = REGEXP;
      colours[k] = CONSTANT;
      if (destination) {
        const { open, close } = destination;
        colours[open] = CONSTANT;
        const inner = text.slice(open + 1, close);
        const title = /(\s+)("[^"]*"|'[^']*'|\([^)]*\))\s*$/.exec(inner);
        const titleAt = title ? open + 1 + title.index + title[1]!.length : close;
        colours.fill(REGEXP, open + 1, close);
        if (title) colours.fill(STRING, titleAt, titleAt + title[2]!.length);
        colours[close] = CONSTANT;
        end = close + 1;
      } else if (label >= 0) {
        colours.fill(REGEXP, end, label + 1);
        end = label + 1;
      }
      linked.fill(1, start, end);
      taken.fill(1, k, end);
      taken[opener.at] = 1;
      // A link's text holds no link: the brackets still open around it are plain.
      if (!opener.image) activeFrom = openers.length;
      k = end - 1;
    }
  }
}

/**
 * The `]` closing a link label opened at `open`, or -1: a label holds no unescaped bracket and at
 * most 999 characters (CommonMark's rule, which also keeps a line of brackets linear).
 */
function labelEnd(line: string, open: number, taken: Uint8Array): number {
  for (let k = open + 1; k < line.length && k <= open + 1000; k++) {
    if (taken[k]) continue;
    if (line[k] === '\\') k++;
    else if (line[k] === '[') return -1;
    else if (line[k] === ']') return k;
  }
  return -1;
}

/** The `)` ending a link destination (and title) opened at `open` (parentheses balance), or -1. */
function destinationEnd(line: string, open: number): number {
  let depth = 0;
  // A destination and title longer than this, or parentheses nested deeper than 32, are taken for
  // no link: bounds that no real link meets, and that keep a line of `(` linear.
  for (let k = open; k < line.length && k < open + 2048 && depth <= 32; k++) {
    if (line[k] === '\\') k++;
    else if (line[k] === '(') depth++;
    else if (line[k] === ')' && --depth === 0) return k;
  }
  return -1;
}

interface Delimiter {
  char: string;
  at: number;
  length: number;
  canOpen: boolean;
  canClose: boolean;
}

/** Emphasis (`*`, `_`) and strikethrough (`~~`) marks, matched by CommonMark's delimiter rules. */
function delimiters(line: string, colours: Uint8Array, taken: Uint8Array): void {
  const found: Delimiter[] = [];
  for (let k = 0; k < line.length; k++) {
    const c = line[k]!;
    if (taken[k] || (c !== '*' && c !== '_' && c !== '~')) continue;
    let n = 1;
    while (line[k + n] === c && !taken[k + n]) n++;
    const before = k > 0 ? line[k - 1]! : ' ';
    const after = k + n < line.length ? line[k + n]! : ' ';
    const left = !/\s/.test(after) && (!PUNCTUATION.test(after) || /\s/.test(before) || PUNCTUATION.test(before));
    const right = !/\s/.test(before) && (!PUNCTUATION.test(before) || /\s/.test(after) || PUNCTUATION.test(after));
    const canOpen = c === '_' ? left && (!right || PUNCTUATION.test(before)) : left;
    const canClose = c === '_' ? right && (!left || PUNCTUATION.test(after)) : right;
    if ((c !== '~' || n === 2) && (canOpen || canClose)) found.push({ char: c, at: k, length: n, canOpen, canClose });
    k += n - 1;
  }
  // CommonMark's matching: openers wait on a stack; a closer takes the nearest that fits, and
  // everything between them can no longer match. A closer that finds none marks how far down the
  // next closer of its kind need look (its `openers_bottom`), which keeps long lines linear.
  const stack: Delimiter[] = [];
  const bottom = new Map<string, number>();
  for (const closer of found) {
    if (closer.canClose) {
      const key = `${closer.char}${closer.canOpen ? 1 : 0}${closer.length % 3}`;
      const floor = bottom.get(key) ?? -1;
      for (let oi = stack.length - 1; closer.length && oi >= 0 && stack[oi]!.at >= floor; ) {
        const opener = stack[oi]!;
        // The rule of three: a run that can both open and close matches only when the sum is no multiple of 3.
        const three = closer.char !== '~' && (opener.canClose || closer.canOpen) && (opener.length + closer.length) % 3 === 0 && (opener.length % 3 || closer.length % 3);
        if (opener.char !== closer.char || three) {
          oi--;
          continue;
        }
        const used = closer.char === '~' ? 2 : Math.min(2, opener.length, closer.length);
        colours.fill(CONSTANT, opener.at + opener.length - used, opener.at + opener.length);
        colours.fill(CONSTANT, closer.at, closer.at + used);
        opener.length -= used;
        closer.at += used;
        closer.length -= used;
        stack.length = opener.length ? oi + 1 : oi;
        oi = stack.length - 1;
      }
      // Nothing before this closer can match its kind (this run itself may, as an opener).
      if (closer.length) bottom.set(key, closer.at);
    }
    if (closer.length && closer.canOpen) stack.push(closer);
  }
}
