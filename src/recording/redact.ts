// Secret redaction for anything about to be shown or shared: API keys, tokens, passwords and
// private keys, plus literal strings the user names. It runs on the recording before any title,
// label or summary is cut from it, so no later stage ever holds a secret or half of one.
//
// The rules are secretlint's recommended preset (redact-secretlint.ts), a few hand patterns for
// what it does not catch (redact-patterns.ts), and an entropy rule for bare random tokens
// (redact-entropy.ts).
// One cheap scan picks the strings that could hold a secret; only those meet the rules.
import { HAND_PATTERNS, looksLikeSecretValue, mayMatch } from './redact-patterns.js';
import { findRandomTokens, mayHoldRandomToken } from './redact-entropy.js';
import { secretlintRanges, type SecretRange } from './redact-secretlint.js';
import { escapeRegExp } from '../util/text.js';

export const REDACTED = '[REDACTED]';

/**
 * Every rule needs one of these words or prefixes (case aside): the hand patterns' and the
 * secretlint preset's. One scan for them lets most strings skip the rules, most of what
 * redaction would cost. A rule added needs its literal here; test/redact.test.ts checks each kind alone.
 */
const SECRET_HINT =
  /sk-|sk_|rk_|pk_|gh[pousr]_|github_pat_|xox|xapp|hooks\.slack|akia|asia|agpa|aida|aroa|aipa|anpa|anva|a3t|aiza|npm_|eyj|bearer|basic|token|:\/\/|pass|secret|key|credential|cfk_|cfut_|cfat_|vc[pikar]_|shp|sg\.|dapi|dckr_|figd_|glc_|glpat-|glsa_|gsk_|hf_|hv[bsr]\.|lin_api_|ntn_|ops_|tskey-/i;

/**
 * What the secretlint preset's rules start from (its token prefixes, the AWS secret key name,
 * connection-string schemes, credentials in URLs): a string holding none of these skips it.
 */
const SECRETLINT_WORDS = [
  'sk-ant-api0', 'sk-proj-', 'sk-svcacct-', 'sk-admin-', 'T3BlbkFJ', 'k_live_', 'k_test_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_',
  'xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxr-', 'xapp-', 'hooks.slack.com', 'AKIA', 'ASIA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'A3T',
  'ecret_access', 'ecretaccess', 'ecret_Access', 'ecretAccess', 'ECRET_ACCESS', 'ECRETACCESS', 'npm_', '_authToken', 'PRIVATE KEY',
  'cfk_', 'cfut_', 'cfat_', 'vcp_', 'vci_', 'vca_', 'vcr_', 'vck_', 'shppa_', 'shpca_', 'shpat_', 'shpss_', 'SG.', 'dapi', 'dckr_pat_', 'figd_',
  'glc_', 'glpat-', 'glsa_', 'gsk_', 'hf_', 'hvb.', 'hvr.', 'hvs.', 'lin_api_', 'ntn_', 'ops_ey', 'tskey-', 'x-oauth-basic',
];
/** user:password@ after a scheme: the basic-auth and connection-string rules. */
const URL_CREDENTIAL = /:\/\/[^\s/@:]+:[^\s/@]+@/;

/** The words as one expression: one scan of the text, two to four times quicker than a search per word. */
const SECRETLINT_WORD = new RegExp(SECRETLINT_WORDS.map(escapeRegExp).join('|'));

/**
 * Every secretlint word and every hand pattern's lead, in one expression: most texts the hint
 * lets through (code full of `key`, `token`, `://`) hold none, and skip the ten scans at once.
 */
const LEAD = new RegExp([...SECRETLINT_WORDS.map(escapeRegExp), ...HAND_PATTERNS.flatMap((p) => (p.lead ? [p.lead] : []))].join('|'));

/** `leads`: the text holds a secretlint word or a pattern's lead (LEAD). */
function mayMeetSecretlint(text: string, leads: boolean): boolean {
  return (leads && SECRETLINT_WORD.test(text)) || (text.includes('://') && URL_CREDENTIAL.test(text));
}

// V8 first runs a regular expression in its bytecode interpreter and compiles it on a later run:
// one run on a short string now lets the first session-long scan run compiled, about a third quicker.
for (const re of [SECRET_HINT, LEAD, SECRETLINT_WORD, URL_CREDENTIAL, ...HAND_PATTERNS.flatMap((p) => (p.needs instanceof RegExp ? [p.re, p.needs] : [p.re]))]) {
  re.test('x');
  re.lastIndex = 0;
}

export interface RedactOptions {
  /** Apply the secret rules (default true; `--no-redact` turns them off). */
  patterns?: boolean;
  /** Literal strings to remove as well (`--redact <text>`), applied even without the rules. */
  literals?: string[];
}

export interface RedactReport {
  /** Replacements made, by kind (`literal` for the user's own strings). */
  counts: Record<string, number>;
  total: number;
}

export function newReport(): RedactReport {
  return { counts: {}, total: 0 };
}

function count(counts: Record<string, number>, kind: string, n: number): void {
  counts[kind] = (counts[kind] ?? 0) + n;
}

function addCounts(report: RedactReport, counts: Record<string, number>): void {
  for (const [kind, n] of Object.entries(counts)) {
    count(report.counts, kind, n);
    report.total += n;
  }
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

interface Redacted {
  text: string;
  counts: Record<string, number>;
}

/** Replace `ranges` (sorted or not, possibly overlapping) of `text` with the marker. */
function replaceRanges(text: string, ranges: SecretRange[], counts: Record<string, number>): string {
  if (!ranges.length) return text;
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const r of sorted) {
    if (r.end <= at) continue;
    const start = Math.max(r.start, at);
    if (text.slice(start, r.end).includes(REDACTED)) continue;
    out += text.slice(at, start) + REDACTED;
    at = r.end;
    count(counts, r.kind, 1);
  }
  return out + text.slice(at);
}

function applyLiterals(text: string, literals: readonly string[], counts: Record<string, number>): string {
  let out = text;
  for (const literal of literals) {
    if (!literal || !out.includes(literal)) continue;
    const parts = out.split(literal);
    count(counts, 'literal', parts.length - 1);
    out = parts.join(REDACTED);
  }
  return out;
}

function applyHandPatterns(text: string, counts: Record<string, number>, leads: boolean): string {
  let out = text;
  for (const p of HAND_PATTERNS) {
    if (!mayMatch(p, out, leads)) continue;
    p.re.lastIndex = 0;
    if (!p.re.test(out)) continue;
    p.re.lastIndex = 0;
    out = out.replace(p.re, (match: string, ...groups: unknown[]) => {
      if (match.includes(REDACTED)) return match;
      if (p.keep) {
        const label = String(groups[p.keep - 1] ?? '');
        const value = match.slice(label.length);
        if (p.kind === 'assignment' && !looksLikeSecretValue(value, /["']$/.test(label))) return match;
        count(counts, p.kind, 1);
        return label + REDACTED;
      }
      count(counts, p.kind, 1);
      return REDACTED;
    });
  }
  return out;
}

/**
 * The objects and arrays of a value, each with where it hangs in its parent, and every
 * free-text string with where it stands: gathered in one pass without recursion (a tool input
 * may nest deeper than the call stack goes). A child always comes after its parent.
 */
interface Walked {
  nodes: object[];
  /** Index of each node's parent in `nodes` (-1 for the root). */
  parents: number[];
  /** Each node's key (or index) in its parent. */
  slots: Array<string | number>;
  /** Free-text strings: the node holding each, its key there, and the text. */
  sites: Array<{ node: number; slot: string | number; text: string }>;
}

function walk(value: object, keep: (text: string) => boolean): Walked {
  const w: Walked = { nodes: [value], parents: [-1], slots: [''], sites: [] };
  // Array items share their array's key for the structural test: `messageIds: [...]` holds ids.
  const keys: Array<string | undefined> = [undefined];
  const visit = (n: number, child: unknown, slot: string | number, key: string | undefined): void => {
    if (typeof child === 'string') {
      if ((key === undefined || !STRUCTURAL_KEYS.has(key)) && keep(child)) w.sites.push({ node: n, slot, text: child });
    } else if (child && typeof child === 'object') {
      w.nodes.push(child);
      w.parents.push(n);
      w.slots.push(slot);
      keys.push(key);
    }
  };
  for (let n = 0; n < w.nodes.length; n++) {
    const node = w.nodes[n]!;
    if (Array.isArray(node)) {
      const key = keys[n];
      for (let i = 0; i < node.length; i++) visit(n, node[i], i, key);
    } else {
      const object = node as Record<string, unknown>;
      for (const k in object) visit(n, object[k], k, k);
    }
  }
  return w;
}

/**
 * `value` with the strings in `replaced` swapped for their redacted text. Only the objects and
 * arrays on the path to a change are copied; the rest is shared with `value`, which is left as it was.
 */
function replaceTexts<T extends object>(value: T, w: Walked, replaced: Map<string, Redacted>, report: RedactReport): T {
  const copies = new Map<number, Record<string | number, unknown>>();
  /** The copy of node `n`, made (with the copies of every node above it, each hung in its parent's) when first needed. */
  const copyOf = (n: number): Record<string | number, unknown> => {
    const first = copies.get(n);
    if (first) return first;
    // Up to the first node already copied (or the root), then copy down that path: no recursion.
    const path: number[] = [];
    for (let at = n; at >= 0 && !copies.has(at); at = w.parents[at]!) path.push(at);
    for (let i = path.length - 1; i >= 0; i--) {
      const at = path[i]!;
      const node = w.nodes[at]!;
      const copy = (Array.isArray(node) ? node.slice() : { ...node }) as Record<string | number, unknown>;
      copies.set(at, copy);
      const parent = w.parents[at]!;
      if (parent >= 0) copies.get(parent)![w.slots[at]!] = copy;
    }
    return copies.get(n)!;
  };
  for (const site of w.sites) {
    const r = replaced.get(site.text);
    if (!r) continue;
    addCounts(report, r.counts);
    copyOf(site.node)[site.slot] = r.text;
  }
  return (copies.get(0) as T | undefined) ?? value;
}

/** Which rules a string could meet, from the pre-scan. */
interface Flags {
  literal: boolean;
  hint: boolean;
  run: boolean;
}

/** The redacted form of each string that changes, by its original text. */
async function redactTexts(candidates: Map<string, Flags>, options: RedactOptions): Promise<Map<string, Redacted>> {
  const out = new Map<string, Redacted>();
  const literals = options.literals?.filter(Boolean) ?? [];
  const staged: Array<{ original: string; text: string; counts: Record<string, number>; flags: Flags }> = [];
  for (const [original, flags] of candidates) {
    const counts: Record<string, number> = {};
    const text = flags.literal ? applyLiterals(original, literals, counts) : original;
    staged.push({ original, text, counts, flags });
  }
  if (options.patterns !== false && staged.length) {
    // Only strings one of the preset's rules could match meet secretlint: most recordings need none.
    const leads = new Map(staged.map((s) => [s, s.flags.hint && LEAD.test(s.text)]));
    const linted = staged.filter((s) => s.flags.hint && mayMeetSecretlint(s.text, leads.get(s)!));
    const ranges = linted.length ? await secretlintRanges(linted.map((s) => s.text)) : [];
    const rangesOf = new Map(linted.map((s, i) => [s, ranges[i]!]));
    for (const s of staged) {
      if (s.flags.hint) {
        s.text = replaceRanges(s.text, rangesOf.get(s) ?? [], s.counts);
        s.text = applyHandPatterns(s.text, s.counts, leads.get(s)!);
      }
      // A replacement can cut a long run (not a token as a whole) down to a token: look again then.
      if (s.flags.run || (s.text !== s.original && mayHoldRandomToken(s.text))) s.text = replaceRanges(s.text, findRandomTokens(s.text), s.counts);
    }
  }
  for (const s of staged) if (s.text !== s.original) out.set(s.original, { text: s.text, counts: s.counts });
  return out;
}

/** Could this string hold something the rules or the literals would remove? Undefined when not. */
function flagsOf(text: string, options: RedactOptions, literals: readonly string[]): Flags | undefined {
  let literal = false;
  for (const l of literals) if (l && text.includes(l)) literal = true;
  const rules = options.patterns !== false;
  const hint = rules && SECRET_HINT.test(text);
  const run = rules && mayHoldRandomToken(text);
  return literal || hint || run ? { literal, hint, run } : undefined;
}

/**
 * `value` with every free-text string redacted. Only what holds a secret is copied, with the
 * objects and arrays on its path; everything else is shared with `value`, which is left as it was.
 */
export async function redactDeep<T>(value: T, options: RedactOptions, report: RedactReport = newReport()): Promise<T> {
  const literals = options.literals ?? [];
  if (options.patterns === false && !literals.some(Boolean)) return value;
  if (typeof value === 'string') {
    const flags = flagsOf(value, options, literals);
    const r = flags && (await redactTexts(new Map([[value, flags]]), options)).get(value);
    if (!r) return value;
    addCounts(report, r.counts);
    return r.text as T;
  }
  if (!value || typeof value !== 'object') return value;
  const candidates = new Map<string, Flags>();
  // A text seen twice (a tool's output kept in two places, a model's name) is scanned once.
  const clean = new Set<string>();
  const walked = walk(value, (text) => {
    if (candidates.has(text)) return true;
    if (clean.has(text)) return false;
    const flags = flagsOf(text, options, literals);
    if (flags) candidates.set(text, flags);
    else clean.add(text);
    return flags !== undefined;
  });
  if (!candidates.size) return value;
  const replaced = await redactTexts(candidates, options);
  return replaced.size ? replaceTexts(value, walked, replaced, report) : value;
}
