// Code blocks are tokenised once, here, with shiki's synchronous core and its JavaScript regex
// engine (no WASM), so the scene only draws coloured runs and the player ships no grammars.
import { createHighlighterCoreSync, type HighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import bash from 'shiki/langs/bash.mjs';
import css from 'shiki/langs/css.mjs';
import diff from 'shiki/langs/diff.mjs';
import go from 'shiki/langs/go.mjs';
import html from 'shiki/langs/html.mjs';
import javascript from 'shiki/langs/javascript.mjs';
import json from 'shiki/langs/json.mjs';
import markdown from 'shiki/langs/markdown.mjs';
import python from 'shiki/langs/python.mjs';
import rust from 'shiki/langs/rust.mjs';
import sql from 'shiki/langs/sql.mjs';
import toml from 'shiki/langs/toml.mjs';
import tsx from 'shiki/langs/tsx.mjs';
import typescript from 'shiki/langs/typescript.mjs';
import yaml from 'shiki/langs/yaml.mjs';
import githubDark from 'shiki/themes/github-dark.mjs';
import type { TokenLine } from './model.js';

export const CODE_FOREGROUND = '#e1e4e8';
const THEME = 'github-dark';

let highlighter: HighlighterCore | undefined;

function getHighlighter(): HighlighterCore {
  highlighter ??= createHighlighterCoreSync({
    themes: [githubDark],
    langs: [bash, css, diff, go, html, javascript, json, markdown, python, rust, sql, toml, tsx, typescript, yaml],
    engine: createJavaScriptRegexEngine(),
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
