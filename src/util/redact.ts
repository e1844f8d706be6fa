// Secret redaction for anything about to be shared: API keys, tokens, passwords and private
// keys, by well-known patterns, plus literal strings the user names. Applied to a recording
// before the timeline is built, so no later stage ever holds the secret.

export const REDACTED = '[REDACTED]';

interface SecretPattern {
  kind: string;
  re: RegExp;
  /** Keep this capture group (a label such as `Bearer ` or `password=`) and replace the rest. */
  keep?: number;
}

/** Values after `password=` and the like that are code, not secrets. */
const NOT_SECRET = /^(?:string|number|boolean|null|undefined|none|true|false|str|int|any|object|void|required|optional|\*+|x+|\.\.\.|<[^>]*>|\$\{?[A-Za-z_].*|process\.env\..*|os\.environ.*|env\..*)$/i;

/**
 * After `token=`/`password:`: a literal, not code. Unquoted names and member paths without
 * digits (`csrfToken`, `document.querySelector`, `this.password`) are code that reads a secret.
 */
function looksLikeSecretValue(value: string, quoted: boolean): boolean {
  if (NOT_SECRET.test(value) || /^\d+(\.\d+)?$/.test(value)) return false;
  if (!quoted && /^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z_$]*)*$/.test(value)) return false;
  return true;
}

const PATTERNS: SecretPattern[] = [
  { kind: 'private key', re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g },
  { kind: 'anthropic key', re: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai key', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  { kind: 'github token', re: /\bgh[pousr]_[A-Za-z0-9]{30,}/g },
  { kind: 'github token', re: /\bgithub_pat_[A-Za-z0-9_]{22,}/g },
  { kind: 'slack token', re: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  { kind: 'aws key', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}\b/g },
  { kind: 'google key', re: /\bAIza[0-9A-Za-z_-]{35}/g },
  { kind: 'stripe key', re: /\b[rsp]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
  { kind: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { kind: 'bearer token', re: /(\b(?:Bearer|Basic|Token)\s+)[A-Za-z0-9._~+/=-]{16,}/g, keep: 1 },
  { kind: 'url password', re: /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^/\s@]{3,}(?=@)/gi, keep: 1 },
  {
    kind: 'assignment',
    re: /(\b[A-Za-z0-9_-]*(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)[A-Za-z0-9_-]*["']?\s*[:=]\s*["']?)([^\s"'`,;&(){}[\]]{4,})/gi,
    keep: 1,
  },
];

/**
 * Every pattern above needs one of these words or prefixes (case aside). One scan for them lets
 * the 95% of strings that hold none skip the fourteen patterns, most of what redaction cost.
 * A pattern added above needs its literal here too; test/redact.test.ts checks each kind alone.
 */
const SECRET_HINT = /sk-|gh[pousr]_|github_pat_|xox|akia|asia|agpa|aida|aroa|aiza|k_live_|k_test_|npm_|eyj|bearer|basic|token|:\/\/|pass|secret|key|credential/i;

export interface RedactOptions {
  /** Apply the well-known patterns (default true; `--no-redact` turns them off). */
  patterns?: boolean;
  /** Literal strings to remove as well (`--redact <text>`), applied even without patterns. */
  literals?: string[];
}

export interface RedactReport {
  /** Replacements made, by kind (`literal` for the user's own strings). */
  counts: Record<string, number>;
  total: number;
}

function redactText(text: string, options: RedactOptions, report: RedactReport = newReport()): string {
  let out = text;
  for (const literal of options.literals ?? []) {
    if (!literal || !out.includes(literal)) continue;
    const parts = out.split(literal);
    count(report, 'literal', parts.length - 1);
    out = parts.join(REDACTED);
  }
  if (options.patterns === false || !SECRET_HINT.test(out)) return out;
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    if (!p.re.test(out)) continue;
    p.re.lastIndex = 0;
    out = out.replace(p.re, (match: string, ...groups: unknown[]) => {
      if (match.includes(REDACTED)) return match;
      if (p.keep) {
        const label = String(groups[p.keep - 1] ?? '');
        const value = match.slice(label.length);
        if (p.kind === 'assignment' && !looksLikeSecretValue(value, /["']$/.test(label))) return match;
        count(report, p.kind, 1);
        return label + REDACTED;
      }
      count(report, p.kind, 1);
      return REDACTED;
    });
  }
  return out;
}

/** Keys whose values are identifiers or images, never free text: left as they are. */
const STRUCTURAL_KEYS = new Set([
  'id',
  'sessionId',
  'messageId',
  'participantId',
  'callId',
  'childSessionId',
  'parentId',
  'parentCallId',
  'messageIds',
  'avatar',
  'kind',
  'format',
  'role',
  'status',
  'op',
]);

/**
 * `value` with every free-text string redacted. Only what holds a secret is copied, with the
 * objects and arrays on its path; everything else is shared with `value`, which is left as it was.
 */
export function redactDeep<T>(value: T, options: RedactOptions, report: RedactReport = newReport()): T {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === 'string') return key !== undefined && STRUCTURAL_KEYS.has(key) ? v : redactText(v, options, report);
    if (Array.isArray(v)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const next = walk(v[i], key);
        if (next !== v[i]) (copy ??= v.slice())[i] = next;
      }
      return copy ?? v;
    }
    if (v && typeof v === 'object') {
      const object = v as Record<string, unknown>;
      let copy: Record<string, unknown> | undefined;
      for (const k in object) {
        const next = walk(object[k], k);
        if (next !== object[k]) (copy ??= { ...object })[k] = next;
      }
      return copy ?? v;
    }
    return v;
  };
  return walk(value, undefined) as T;
}

export function newReport(): RedactReport {
  return { counts: {}, total: 0 };
}

function count(report: RedactReport, kind: string, n: number): void {
  report.counts[kind] = (report.counts[kind] ?? 0) + n;
  report.total += n;
}
