// Hand-written secret patterns, each for something secretlint's recommended preset misses
// (the preset's rules ask for exact lengths and formats; a session holds keys cut, quoted in
// prose, or in formats the preset has no rule for).

export interface SecretPattern {
  kind: string;
  re: RegExp;
  /** Keep this capture group (a label such as `Bearer ` or `password=`) and replace the rest. */
  keep?: number;
  /**
   * What every match starts with, as a regular expression's source (its word boundary too), for
   * the patterns that start with a literal: one scan for all of them (and secretlint's words)
   * tells whether any could match, so a text with none skips them all.
   */
  lead?: string;
  /**
   * What every match holds, for the two patterns that start with no literal (their own scan tries
   * each word of a text from its first letter): a text without it skips the pattern.
   */
  needs?: string | RegExp;
}

/** Values after `password=` and the like that are code, not secrets. */
const NOT_SECRET = /^(?:string|number|boolean|null|undefined|none|true|false|str|int|any|object|void|required|optional|\*+|x+|\.\.\.|<[^>]*>|\$\{?[A-Za-z_].*|process\.env\..*|os\.environ.*|env\..*)$/i;

/**
 * After `token=`/`password:`: a literal, not code. Unquoted names and member paths without
 * digits (`csrfToken`, `document.querySelector`, `this.password`) are code that reads a secret.
 */
export function looksLikeSecretValue(value: string, quoted: boolean): boolean {
  if (NOT_SECRET.test(value) || /^\d+(\.\d+)?$/.test(value)) return false;
  if (!quoted && /^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z_$]*)*$/.test(value)) return false;
  return true;
}

export const HAND_PATTERNS: SecretPattern[] = [
  // The preset wants the END line and 100+ characters of body: a key cut short (a capped tool
  // output, a pasted fragment) would pass.
  { kind: 'private key', lead: '-----BEGIN ', re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g },
  // The preset knows only `sk-ant-api0N-` keys of 90-128 characters ending in AA: not admin
  // keys, nor keys of other lengths.
  { kind: 'anthropic key', lead: '\\bsk-ant-', re: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  // The preset needs OpenAI's `T3BlbkFJ` marker inside the key, which many keys lack.
  { kind: 'openai key', lead: '\\bsk-', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  // The preset wants exactly 36 (ghp_) or 82 (github_pat_) characters.
  { kind: 'github token', lead: '\\bgh[pousr]_', re: /\bgh[pousr]_[A-Za-z0-9]{30,}/g },
  { kind: 'github token', lead: '\\bgithub_pat_', re: /\bgithub_pat_[A-Za-z0-9_]{22,}/g },
  // The preset lacks xoxe- (refresh) and xoxs- tokens.
  { kind: 'slack token', lead: '\\bxox', re: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  // secretlint 11 (the last on Node 20) has no Stripe rule; 13's wants 24 or more characters.
  { kind: 'stripe key', lead: '\\b[rsp]k_(?:live|test)_', re: /\b[rsp]k_(?:live|test)_[A-Za-z0-9]{16,}/g },
  // The preset's GCP rule reads service-account JSON only, not API keys.
  { kind: 'google key', lead: '\\bAIza', re: /\bAIza[0-9A-Za-z_-]{35}/g },
  // No JWT, bearer-header or generic assignment rule in the preset.
  { kind: 'jwt', lead: '\\beyJ', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g },
  { kind: 'bearer token', lead: '\\b(?:Bearer|Basic|Token)\\s', re: /(\b(?:Bearer|Basic|Token)\s+)[A-Za-z0-9._~+/=-]{16,}/g, keep: 1 },
  // The preset's basic-auth rule covers http(s) and ftp, and its connection-string rules four
  // databases: not redis://, amqp://, ssh:// and the rest.
  { kind: 'url password', re: /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^/\s@]{3,}(?=@)/gi, keep: 1, needs: '://' },
  {
    kind: 'assignment',
    re: /(\b[A-Za-z0-9_-]*(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)[A-Za-z0-9_-]*["']?\s*[:=]\s*["']?)([^\s"'`,;&(){}[\]]{4,})/gi,
    keep: 1,
    needs: /(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)[A-Za-z0-9_-]*["']?\s*[:=]/i,
  },
];

/**
 * Could the pattern match this text? False only when the text lacks what every match holds.
 * `leads`: whether the text holds any pattern's lead (see `lead`).
 */
export function mayMatch(p: SecretPattern, text: string, leads: boolean): boolean {
  if (p.lead !== undefined) return leads;
  if (p.needs === undefined) return true;
  return typeof p.needs === 'string' ? text.includes(p.needs) : p.needs.test(text);
}
