// Party-line provenance: the signature `--- <entity> @ <time> | <host>:<user> | <model> ---`
// an entity writes when it takes the conch, the sign-out `--- <entity> out ---` when it
// leaves, and the `[PARTY-LINE: You are now <Entity>.` header of the prompt that hands it over.
//
// Where a mark counts: anywhere in assistant prose, also inside inline code or bold (models
// like to format their signature). Where it does not: inside fenced code blocks and
// blockquotes, because there an entity is quoting a signature (the template, another
// entity's line), not signing.
import type { Provenance } from './model.js';

export type ProvenanceField = 'time' | 'host' | 'user' | 'model';

export interface SignOut {
  /** Entity handle as signed, lower-cased. */
  entity: string;
  raw: string;
}

export type ProvenanceMark =
  | { kind: 'signature'; offset: number; signature: Provenance }
  | { kind: 'sign-out'; offset: number; signOut: SignOut };

/** A handle: one word of letters (any script), digits, `_`, `.`, `-`. */
const HANDLE = /^[\p{L}\p{M}\p{N}_.-]+$/u;
/** `--- ... ---` on one line; the inner text is parsed separately. */
const MARK = /(?<!-)---[ \t]+([^\n]*?)[ \t]+---(?!-)/g;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const BLOCKQUOTE = /^ {0,3}>/;

/** Values that stand for "not filled in": empty, `<model>`, `${HOST}`, `<none>`, `?`, `unknown`. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === '' || /^<[^>]*>$/.test(v) || /^\$\{?[A-Za-z_]+\}?$/.test(v) || /^(\?+|unknown|n\/a|none)$/i.test(v);
}

function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().replace(/^`+|`+$/g, '').trim();
  return isPlaceholder(v) ? undefined : v;
}

/** A host:user pair as opposed to a model id: no `/`, one `:` (models like `llama3:8b` sit behind a provider). */
const MODEL_WORDS = /claude|opus|sonnet|haiku|gpt|codex|grok|gemini|llama|qwen|mistral|deepseek|pickle|kimi|glm/i;
function looksLikeHostUser(field: string): boolean {
  if (field.includes('/') || MODEL_WORDS.test(field)) return false;
  return field.includes(':') || !/[-.]\d/.test(field);
}

/**
 * Parse the inside of one `--- ... ---` mark as a signature. Needs an `@` or a `|` (so a
 * `--- Step 1 ---` heading is not one) and a one-word entity.
 */
export function parseSignature(raw: string): Provenance | undefined {
  const m = /^---[ \t]+(.*?)[ \t]+---$/.exec(raw.trim());
  const inner = (m ? m[1]! : raw).trim();
  if (!inner.includes('@') && !inner.includes('|')) return undefined;
  const fields = inner.split('|').map((f) => f.trim());
  const head = fields.shift()!;
  const at = head.indexOf('@');
  const entity = (at >= 0 ? head.slice(0, at) : head).trim();
  if (!HANDLE.test(entity)) return undefined;
  const signedAt = at >= 0 ? clean(head.slice(at + 1)) : undefined;

  let hostUser: string | undefined;
  let model: string | undefined;
  if (fields.length === 1) {
    if (looksLikeHostUser(fields[0]!)) hostUser = fields[0];
    else model = fields[0];
  } else if (fields.length >= 2) {
    hostUser = fields[0];
    model = fields.slice(1).filter((f) => f !== '').join(' | ') || undefined;
  }
  let host: string | undefined;
  let user: string | undefined;
  if (hostUser !== undefined) {
    const colon = hostUser.indexOf(':');
    if (colon >= 0) {
      host = clean(hostUser.slice(0, colon));
      user = clean(hostUser.slice(colon + 1));
    } else {
      host = clean(hostUser);
    }
  }
  model = clean(model);

  const missing: ProvenanceField[] = [];
  if (!signedAt) missing.push('time');
  if (!host) missing.push('host');
  if (!user) missing.push('user');
  if (!model) missing.push('model');
  const sig: Provenance = { entity: entity.toLowerCase(), missing, raw: m ? raw.trim() : `--- ${inner} ---` };
  if (signedAt) sig.signedAt = signedAt;
  if (host) sig.host = host;
  if (user) sig.user = user;
  if (model) sig.model = model;
  return sig;
}

/** Parse the inside of a mark as a sign-out: `<entity> out`. */
function parseSignOut(inner: string, raw: string): SignOut | undefined {
  const m = /^(\S+)\s+out$/iu.exec(inner.trim());
  if (!m || !HANDLE.test(m[1]!)) return undefined;
  return { entity: m[1]!.toLowerCase(), raw };
}

/**
 * The line ranges of `text` that are prose: fenced code blocks (``` or ~~~, closed by a
 * fence of the same character at least as long, or running to the end) and blockquote
 * lines are blanked out, keeping offsets intact.
 */
export function proseOnly(text: string): string {
  const lines = text.split('\n');
  let fence: { char: string; length: number } | undefined;
  const out: string[] = [];
  for (const line of lines) {
    const open = FENCE_OPEN.exec(line);
    if (fence) {
      if (open && open[1]![0] === fence.char && open[1]!.length >= fence.length && line.trim() === open[1]) {
        fence = undefined;
      }
      out.push(' '.repeat(line.length));
      continue;
    }
    if (open) {
      fence = { char: open[1]![0]!, length: open[1]!.length };
      out.push(' '.repeat(line.length));
      continue;
    }
    out.push(BLOCKQUOTE.test(line) ? ' '.repeat(line.length) : line);
  }
  return out.join('\n');
}

/** Every signature and sign-out in assistant text, in order of appearance. */
export function scanProvenance(text: string): ProvenanceMark[] {
  // Most assistant text (every plain session's) holds no mark: one native search skips the line walk.
  if (!text.includes('---')) return [];
  const prose = proseOnly(text);
  const marks: ProvenanceMark[] = [];
  for (const m of prose.matchAll(MARK)) {
    const raw = m[0];
    const inner = m[1]!.replace(/^[`*_]+|[`*_]+$/g, '').trim();
    const signOut = parseSignOut(inner, raw);
    if (signOut) {
      marks.push({ kind: 'sign-out', offset: m.index!, signOut });
      continue;
    }
    const signature = parseSignature(`--- ${inner} ---`);
    if (signature) {
      signature.raw = raw;
      marks.push({ kind: 'signature', offset: m.index!, signature });
    }
  }
  return marks;
}

/** All signatures in assistant text, in order. */
export function findSignatures(text: string): Provenance[] {
  return scanProvenance(text).flatMap((m) => (m.kind === 'signature' ? [m.signature] : []));
}

/** All sign-outs in assistant text, in order. */
export function findSignOuts(text: string): SignOut[] {
  return scanProvenance(text).flatMap((m) => (m.kind === 'sign-out' ? [m.signOut] : []));
}

/**
 * The entity a prompt hands the conch to: `[PARTY-LINE: You are now <Entity>.` Only the
 * header counts, not a signature template further down the prompt. Returns the name as
 * written (e.g. "Juno"); its handle is the lower-cased name.
 */
export function partyLineHeader(prompt: string): string | undefined {
  const m = /\[PARTY-LINE:\s*You are now\s+([^\s.\]][^.\]\n]*?)\s*[.\]]/iu.exec(prompt);
  return m ? m[1]!.trim() : undefined;
}

/** The lower-case handle for an entity name ("Juno" → "juno", "Zoë Q" → "zoë-q"). */
export function handleOf(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-');
}
