// secretlint's recommended preset, run through @secretlint/core on many strings at once: one
// lint of their concatenation costs about what one lint of a short string does.
import type { lintSource as LintSource } from '@secretlint/core';
import { importEsm } from '../util/import-esm.js';

type SecretLintCoreConfig = Parameters<typeof LintSource>[0]['options']['config'];

export interface SecretRange {
  start: number;
  end: number;
  kind: string;
}

/** The preset's rule names, as the redaction report says them. */
const KIND_OF_RULE: Record<string, string> = {
  aws: 'aws key',
  github: 'github token',
  slack: 'slack token',
  privatekey: 'private key',
  anthropic: 'anthropic key',
  openai: 'openai key',
  npm: 'npm token',
  stripe: 'stripe key',
  basicauth: 'url password',
  'database-connection-string': 'url password',
};

function kindOf(ruleId: string, messageId: string | undefined): string {
  const name = ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
  if (name === 'slack' && messageId === 'IncomingWebhook') return 'slack webhook';
  return KIND_OF_RULE[name] ?? `${name} secret`;
}

/** Between two strings: no rule's match runs across a blank line and a NUL. */
const SEPARATOR = '\n\n\u0000\n\n';
/** A token's characters: a match that stops inside a run of these is widened to its end. */
const TOKEN_CHAR = /[A-Za-z0-9_-]/;

let config: Promise<SecretLintCoreConfig> | undefined;

/** Loaded on first use: the preset is a large module, and most recordings never need it. */
function presetConfig(): Promise<SecretLintCoreConfig> {
  config ??= importEsm<typeof import('@secretlint/secretlint-rule-preset-recommend')>('@secretlint/secretlint-rule-preset-recommend').then(({ creator }) => ({
    rules: [
      {
        id: creator.meta.id,
        rule: creator,
        rules: [
          // AWS access key ids are off by default in the preset; they are what leaks most.
          { id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } },
          // `secretlint-disable` comments are the repository owner's; in a session anyone's text could hide a secret with one.
          { id: '@secretlint/secretlint-rule-filter-comments', disabled: true },
        ],
      },
    ],
  } as SecretLintCoreConfig));
  return config;
}

/** Widen [start, end) to whole tokens: a rule that stops inside one (`xapp-` tokens' long last part) must not leave its tail. */
function widen(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s > 0 && TOKEN_CHAR.test(text[s - 1]!) && TOKEN_CHAR.test(text[s]!)) s--;
  while (e < text.length && TOKEN_CHAR.test(text[e]!) && TOKEN_CHAR.test(text[e - 1]!)) e++;
  return [s, e];
}

/**
 * Where the values a rule reports (`data`: the key, the credential) stand in the text, near the
 * match. Some rules report the match's start with the value's length (the AWS secret rule), so
 * the value itself is the surer guide to what to remove.
 */
function reportedValues(text: string, near: number, data: unknown): Array<[number, number]> {
  if (!data || typeof data !== 'object') return [];
  const out: Array<[number, number]> = [];
  for (const value of Object.values(data as Record<string, unknown>)) {
    if (typeof value !== 'string' || value.length < 6) continue;
    const at = text.indexOf(value, Math.max(0, near - 256));
    if (at >= 0 && at <= near + 1024) out.push(widen(text, at, at + value.length));
  }
  return out;
}

/** The secrets the preset finds in each of `texts`, as ranges into that text. */
export async function secretlintRanges(texts: readonly string[]): Promise<SecretRange[][]> {
  const out: SecretRange[][] = texts.map(() => []);
  if (!texts.length) return out;
  const [{ lintSource }, lintConfig] = await Promise.all([importEsm<typeof import('@secretlint/core')>('@secretlint/core'), presetConfig()]);
  const content = texts.join(SEPARATOR);
  const starts: number[] = [];
  let at = 0;
  for (const t of texts) {
    starts.push(at);
    at += t.length + SEPARATOR.length;
  }
  const result = await lintSource({
    source: { content, filePath: 'session.txt', ext: '.txt', contentType: 'text' },
    options: { config: lintConfig, noPhysicFilePath: true },
  });
  for (const message of result.messages) {
    const [from, to] = message.range;
    // The string holding the start of the match, found by bisection over the starts.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= from) lo = mid;
      else hi = mid - 1;
    }
    const text = texts[lo]!;
    const start = from - starts[lo]!;
    const end = Math.min(to - starts[lo]!, text.length);
    if (end <= start) continue;
    const kind = kindOf(message.ruleId, message.messageId);
    const found = reportedValues(text, start, message.data);
    if (found.length) {
      for (const [s, e] of found) out[lo]!.push({ start: s, end: e, kind });
      continue;
    }
    const [s, e] = widen(text, start, end);
    out[lo]!.push({ start: s, end: e, kind });
  }
  return out;
}
