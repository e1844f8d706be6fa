// Code blocks are tokenised once, here, with shiki's synchronous core and its JavaScript engine
// on precompiled grammars (no WASM, and no regex translation at start-up), so the scene only
// draws coloured runs and the player ships no grammars. Grammars are large modules: only those
// a session needs are imported (`loadLanguages`, before the timeline is built); code in a
// language not loaded is shown plain.
import { createHighlighterCoreSync, type HighlighterCore, type LanguageRegistration } from 'shiki/core';
import { createJavaScriptRawEngine } from 'shiki/engine/javascript';
import githubDark from 'shiki/themes/github-dark.mjs';
import type { TokenLine } from './model.js';

export const CODE_FOREGROUND = '#e1e4e8';
const THEME = 'github-dark';

type Grammar = { default: LanguageRegistration[] };

/** Literal import() calls, so bundlers and the type checker can see every grammar module. */
const grammars: Record<string, () => Promise<Grammar>> = {
  bash: () => import('@shikijs/langs-precompiled/bash'),
  css: () => import('@shikijs/langs-precompiled/css'),
  diff: () => import('@shikijs/langs-precompiled/diff'),
  go: () => import('@shikijs/langs-precompiled/go'),
  html: () => import('@shikijs/langs-precompiled/html'),
  javascript: () => import('@shikijs/langs-precompiled/javascript'),
  json: () => import('@shikijs/langs-precompiled/json'),
  markdown: () => import('@shikijs/langs-precompiled/markdown'),
  python: () => import('@shikijs/langs-precompiled/python'),
  rust: () => import('@shikijs/langs-precompiled/rust'),
  sql: () => import('@shikijs/langs-precompiled/sql'),
  toml: () => import('@shikijs/langs-precompiled/toml'),
  tsx: () => import('@shikijs/langs-precompiled/tsx'),
  typescript: () => import('@shikijs/langs-precompiled/typescript'),
  yaml: () => import('@shikijs/langs-precompiled/yaml'),
};

let highlighter: HighlighterCore | undefined;

function getHighlighter(): HighlighterCore {
  highlighter ??= createHighlighterCoreSync({ themes: [githubDark], langs: [], engine: createJavaScriptRawEngine() });
  return highlighter;
}

/** Import and register the grammars for these fence tags or file extensions (unknown ones are ignored). */
export async function loadLanguages(tags: Iterable<string>): Promise<void> {
  const wanted = new Set<string>();
  for (const tag of tags) {
    const lang = canonical(tag);
    if (grammars[lang]) wanted.add(lang);
  }
  const h = getHighlighter();
  const loaded = new Set(h.getLoadedLanguages());
  const missing = [...wanted].filter((lang) => !loaded.has(lang));
  const modules = await Promise.all(missing.map((lang) => grammars[lang]!()));
  for (const mod of modules) h.loadLanguageSync(mod.default);
}

const aliases: Record<string, string> = {
  ts: 'typescript', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'tsx',
  sh: 'bash', shell: 'bash', zsh: 'bash', console: 'bash', shellscript: 'bash',
  py: 'python', md: 'markdown', yml: 'yaml', rs: 'rust', patch: 'diff', jsonc: 'json',
};

/** The shiki language for a fence tag or a file extension, or undefined for plain text. */
export function languageFor(tag: string): string | undefined {
  const lang = canonical(tag);
  return getHighlighter().getLoadedLanguages().includes(lang) ? lang : undefined;
}

function canonical(tag: string): string {
  const key = tag.trim().toLowerCase();
  return aliases[key] ?? key;
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
