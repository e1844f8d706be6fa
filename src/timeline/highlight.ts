// Code blocks are tokenised once, here, with shiki's synchronous core and its JavaScript engine
// on precompiled grammars (no WASM, and no regex translation at start-up, which cost most of an
// export's time), so the scene only draws coloured runs and the player ships no grammars.
import { createHighlighterCoreSync, type HighlighterCore } from 'shiki/core';
import { createJavaScriptRawEngine } from 'shiki/engine/javascript';
import bash from '@shikijs/langs-precompiled/bash';
import css from '@shikijs/langs-precompiled/css';
import diff from '@shikijs/langs-precompiled/diff';
import go from '@shikijs/langs-precompiled/go';
import html from '@shikijs/langs-precompiled/html';
import javascript from '@shikijs/langs-precompiled/javascript';
import json from '@shikijs/langs-precompiled/json';
import markdown from '@shikijs/langs-precompiled/markdown';
import python from '@shikijs/langs-precompiled/python';
import rust from '@shikijs/langs-precompiled/rust';
import sql from '@shikijs/langs-precompiled/sql';
import toml from '@shikijs/langs-precompiled/toml';
import tsx from '@shikijs/langs-precompiled/tsx';
import typescript from '@shikijs/langs-precompiled/typescript';
import yaml from '@shikijs/langs-precompiled/yaml';
import githubDark from 'shiki/themes/github-dark.mjs';
import type { TokenLine } from './model.js';

export const CODE_FOREGROUND = '#e1e4e8';
const THEME = 'github-dark';

let highlighter: HighlighterCore | undefined;

function getHighlighter(): HighlighterCore {
  highlighter ??= createHighlighterCoreSync({
    themes: [githubDark],
    langs: [bash, css, diff, go, html, javascript, json, markdown, python, rust, sql, toml, tsx, typescript, yaml],
    engine: createJavaScriptRawEngine(),
  });
  return highlighter;
}

const aliases: Record<string, string> = {
  ts: 'typescript', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'tsx',
  sh: 'bash', shell: 'bash', zsh: 'bash', console: 'bash', shellscript: 'bash',
  py: 'python', md: 'markdown', yml: 'yaml', rs: 'rust', patch: 'diff', jsonc: 'json',
};

/** The shiki language for a fence tag or a file extension, or undefined for plain text. */
export function languageFor(tag: string): string | undefined {
  const key = tag.trim().toLowerCase();
  const lang = aliases[key] ?? key;
  return getHighlighter().getLoadedLanguages().includes(lang) ? lang : undefined;
}

/** Tokenise code into coloured runs; unknown languages come back as plain lines. */
export function highlight(code: string, tag: string): TokenLine[] {
  const lang = languageFor(tag);
  if (!lang) return code.split('\n').map((line) => [{ text: line, color: CODE_FOREGROUND }]);
  try {
    return getHighlighter()
      .codeToTokensBase(code, { lang, theme: THEME })
      .map((line) => line.map((tok) => ({ text: tok.content, color: tok.color ?? CODE_FOREGROUND })));
  } catch {
    // A grammar can give up on pathological input; plain text is still worth showing.
    return code.split('\n').map((line) => [{ text: line, color: CODE_FOREGROUND }]);
  }
}
