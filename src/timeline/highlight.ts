// Code is tokenised once, here, so the scene only draws coloured runs and the player ships no
// parsers. Lezer's parsers (CodeMirror's) cover most languages: they load and parse a window of
// code in a few milliseconds, where TextMate grammars spent 30-170 ms per language compiling
// regular expressions on first use. Languages with no Lezer parser, and the commonest ones
// (plain JavaScript and TypeScript, Python, CSS: see below), use CodeMirror's stream modes;
// Markdown, which has no stream mode, its own line scan (markdown-tokens.ts).
// Parsers are large modules: only those a session needs are imported (`loadLanguages`, before the
// timeline is built); code in a language not loaded is shown plain. Lezer's own modules come
// with the first Lezer parser (lezer-tokens.ts): stream modes need none of them.
import type { Parser } from '@lezer/common';
import { StringStream, type StreamParser } from '@codemirror/streamparser';
import { CODE_FOREGROUND, colourOfStyle } from './code-colours.js';
import type { TokenLine } from './model.js';
import { pushRun } from './token-runs.js';

type Tokenizer = (code: string) => TokenLine[];

/** A tokeniser for the Lezer parser `load` gives, loaded with Lezer's highlighter. */
const parsedBy = (load: () => Promise<Parser>) => async (): Promise<Tokenizer> => {
  const [{ parsedTokens }, parser] = await Promise.all([import('./lezer-tokens.js'), load()]);
  return parsedTokens(parser);
};
const lezerJs = (dialect: string) => parsedBy(async () => (await import('@lezer/javascript')).parser.configure({ dialect }));
const lezer = (load: () => Promise<{ parser: Parser }>) => parsedBy(async () => (await load()).parser);
const streamed = <M>(load: () => Promise<M>, pick: (mod: M) => StreamParser<unknown>) => async (): Promise<Tokenizer> =>
  scanned(pick(await load()));
type Clike = typeof import('@codemirror/legacy-modes/mode/clike');
const clike = (pick: (mod: Clike) => StreamParser<unknown>) => streamed(() => import('@codemirror/legacy-modes/mode/clike'), pick);

/** Literal import() calls, so bundlers and the type checker can see every parser module. */
const languages: Record<string, () => Promise<Tokenizer>> = {
  // Plain JavaScript and TypeScript, the commonest by far, use the stream mode: it loads and scans
  // a window in about 8 ms, where Lezer's parser took 24 ms to load and 8 ms for its first parse,
  // and on a window of code both colour keywords, strings, comments and numbers alike.
  javascript: streamed(() => import('@codemirror/legacy-modes/mode/javascript'), (m) => m.javascript),
  jsx: lezerJs('jsx'),
  typescript: streamed(() => import('@codemirror/legacy-modes/mode/javascript'), (m) => m.typescript),
  tsx: lezerJs('ts jsx'),
  // Python and CSS too: a session showing only these (the common case) then loads no Lezer
  // parser at all, which cost an export of a small session about 15 ms.
  css: streamed(() => import('@codemirror/legacy-modes/mode/css'), (m) => m.css),
  html: parsedBy(async () => {
    const [html, js, css] = await Promise.all([import('@lezer/html'), import('@lezer/javascript'), import('@lezer/css')]);
    const nested = html.configureNesting([{ tag: 'script', parser: js.parser }, { tag: 'style', parser: css.parser }]);
    return html.parser.configure({ wrap: nested });
  }),
  json: lezer(() => import('@lezer/json')),
  // Markdown (READMEs, plans) by a line scan in the colours Lezer's GFM parser gives, without its modules.
  markdown: async () => (await import('./markdown-tokens.js')).markdownTokens,
  python: streamed(() => import('@codemirror/legacy-modes/mode/python'), (m) => m.python),
  rust: lezer(() => import('@lezer/rust')),
  go: lezer(() => import('@lezer/go')),
  yaml: lezer(() => import('@lezer/yaml')),
  bash: streamed(() => import('@codemirror/legacy-modes/mode/shell'), (m) => m.shell),
  diff: streamed(() => import('@codemirror/legacy-modes/mode/diff'), (m) => m.diff),
  sql: streamed(() => import('@codemirror/legacy-modes/mode/sql'), (m) => m.standardSQL),
  toml: streamed(() => import('@codemirror/legacy-modes/mode/toml'), (m) => m.toml),
  ruby: streamed(() => import('@codemirror/legacy-modes/mode/ruby'), (m) => m.ruby),
  c: clike((m) => m.c),
  cpp: clike((m) => m.cpp),
  java: clike((m) => m.java),
  kotlin: clike((m) => m.kotlin),
  csharp: clike((m) => m.csharp),
  swift: streamed(() => import('@codemirror/legacy-modes/mode/swift'), (m) => m.swift),
  lua: streamed(() => import('@codemirror/legacy-modes/mode/lua'), (m) => m.lua),
  dockerfile: streamed(() => import('@codemirror/legacy-modes/mode/dockerfile'), (m) => m.dockerFile),
};

const aliases: Record<string, string> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', mts: 'typescript', cts: 'typescript',
  htm: 'html', jsonc: 'json', json5: 'json', md: 'markdown', py: 'python', rs: 'rust', yml: 'yaml',
  sh: 'bash', shell: 'bash', zsh: 'bash', console: 'bash', shellscript: 'bash', patch: 'diff', rb: 'ruby',
  h: 'c', cc: 'cpp', cxx: 'cpp', hpp: 'cpp', 'c++': 'cpp', kt: 'kotlin', cs: 'csharp', 'c#': 'csharp',
};

const loaded = new Map<string, Tokenizer>();

/** Import the parsers for these fence tags or file extensions (unknown ones are ignored). */
export async function loadLanguages(tags: Iterable<string>): Promise<void> {
  const missing = new Set<string>();
  for (const tag of tags) {
    const lang = canonical(tag);
    if (languages[lang] && !loaded.has(lang)) missing.add(lang);
  }
  await Promise.all([...missing].map(async (lang) => loaded.set(lang, await languages[lang]!())));
}

/** The language for a fence tag or a file extension, or undefined for plain text. */
export function languageFor(tag: string): string | undefined {
  const lang = canonical(tag);
  return loaded.has(lang) ? lang : undefined;
}

function canonical(tag: string): string {
  const key = tag.trim().toLowerCase();
  return aliases[key] ?? key;
}

/** Tokenise code into coloured runs; unknown languages come back as plain lines. */
export function highlight(code: string, tag: string): TokenLine[] {
  const tokenize = loaded.get(canonical(tag));
  if (tokenize) {
    try {
      return tokenize(code);
    } catch {
      // A parser can give up on input it was not made for; plain text is still worth showing.
    }
  }
  return code.split('\n').map((line) => [{ text: line, color: CODE_FOREGROUND }]);
}

/** A CodeMirror 5 stream mode: tokenise line by line, carrying the mode's state across lines. */
function scanned(mode: StreamParser<unknown>): Tokenizer {
  return (code) => {
    const state = mode.startState ? mode.startState(2) : undefined;
    return code.split('\n').map((text) => {
      const line: TokenLine = [];
      if (text === '') mode.blankLine?.(state, 2);
      const stream = new StringStream(text, 4, 2);
      while (!stream.eol()) {
        const style = mode.token(stream, state);
        // A mode that consumes nothing would loop for ever: take one character as plain text.
        if (stream.pos === stream.start) stream.next();
        pushRun(line, stream.current(), colourOfStyle(style));
        stream.start = stream.pos;
      }
      return line;
    });
  };
}
