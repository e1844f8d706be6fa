// Model identity: a short label and a colour for every `provider/model` id, so a badge tells
// at a glance which model ran. Families get fixed colours, readable on a dark background;
// an unknown model gets a stable colour from a hash of its id. Users can override any of
// it (see ingest/config.ts for where the overrides come from).
import { hashColor } from './color.js';

export interface ModelInfo {
  /** Short display label, e.g. "Opus 4.6", "Grok 4", "big-pickle". */
  label: string;
  /** CSS hex colour. */
  color: string;
}

/**
 * A user override: `pattern` matches the model id case-insensitively, either as a glob
 * (`*` for any run of characters, matched against the whole id) or, without `*`, as a
 * substring. The first matching override wins; a field it leaves out falls back to the
 * built-in value.
 */
export interface ModelOverride {
  pattern: string;
  color?: string;
  label?: string;
}

interface Family {
  test: RegExp;
  color: string;
  label: (name: string) => string;
}

/** "4-6" / "4.6" / "4" → "4.6"; "3-5-...-20241022" drops the date. */
function version(raw: string | undefined): string {
  if (!raw) return '';
  return raw
    .replace(/[-_]?\d{8}$/, '')
    .split(/[-_.]/)
    .filter((p) => p !== '')
    .join('.');
}

function titleWords(s: string): string {
  return s
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => (/^\d+(\.\d+)?b$/i.test(w) ? w.toUpperCase() : /^\d/.test(w) ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join(' ');
}

/** Claude names come as `claude-opus-4-6` (new) or `claude-3-5-sonnet-20241022` (old). */
function claudeLabel(tier: string): (name: string) => string {
  return (name) => {
    const newer = new RegExp(`${tier}[-_]?(\\d{1,2}(?:[-_.]\\d{1,2})?)(?!\\d)`, 'i').exec(name);
    const older = new RegExp(`(\\d{1,2}(?:[-_.]\\d{1,2})?)[-_]${tier}`, 'i').exec(name);
    const v = version((newer ?? older)?.[1]);
    return `${tier[0]!.toUpperCase()}${tier.slice(1)}${v ? ` ${v}` : ''}`;
  };
}

/** "gpt-5.1-codex-mini" → "GPT-5.1 Codex Mini". */
function gptLabel(name: string): string {
  const m = /gpt[-_]?([\w.]*?)(?:[-_](.*))?$/i.exec(name);
  if (!m) return 'GPT';
  const rest = m[2] ? ` ${titleWords(m[2].replace(/[-_]?\d{4}[-_]\d{2}[-_]\d{2}$/, ''))}` : '';
  return `GPT-${m[1]}${rest}`.replace(/GPT-$/, 'GPT').trim();
}

/** "<family>-<rest>" → "<Family> <Rest>" with the family spelled as given. */
function familyLabel(family: string, word: RegExp): (name: string) => string {
  return (name) => {
    const m = word.exec(name);
    const after = m ? name.slice(m.index + m[0].length) : '';
    // `qwen3-coder` keeps its version glued to the family: "Qwen3 Coder".
    const glued = /^\d[\d.]*/.exec(after)?.[0] ?? '';
    const rest = after.slice(glued.length).replace(/^[-_:.]?/, '');
    const cleaned = rest.replace(/[-_]?\d{8}$/, '').replace(/[-_]?latest$/, '');
    const head = `${family}${glued}`;
    return cleaned ? `${head} ${titleWords(cleaned.replace(/:/g, ' '))}` : head;
  };
}

const FAMILIES: Family[] = [
  { test: /opus/i, color: '#b48cff', label: claudeLabel('opus') },
  { test: /sonnet/i, color: '#ff9f5a', label: claudeLabel('sonnet') },
  { test: /haiku/i, color: '#ff7eb6', label: claudeLabel('haiku') },
  { test: /big-pickle/i, color: '#5fd068', label: () => 'big-pickle' },
  { test: /grok/i, color: '#5aa9ff', label: familyLabel('Grok', /grok/i) },
  { test: /codex/i, color: '#4dd8f0', label: gptLabel },
  { test: /gpt|^o\d/i, color: '#3fd0b0', label: (n) => (/^o\d/i.test(n) ? n : gptLabel(n)) },
  { test: /gemini/i, color: '#ffd84d', label: familyLabel('Gemini', /gemini/i) },
  { test: /deepseek/i, color: '#7b86ff', label: familyLabel('DeepSeek', /deepseek/i) },
  { test: /qwen/i, color: '#ff6b6b', label: familyLabel('Qwen', /qwen/i) },
  { test: /llama/i, color: '#a3e635', label: familyLabel('Llama', /llama/i) },
  { test: /mistral|codestral|devstral|magistral/i, color: '#ffb86b', label: familyLabel('Mistral', /mistral/i) },
  { test: /kimi/i, color: '#e879f9', label: familyLabel('Kimi', /kimi/i) },
  { test: /glm/i, color: '#7dd3c0', label: familyLabel('GLM', /glm/i) },
  { test: /claude/i, color: '#d9a07a', label: () => 'Claude' },
];

/** The model name without its provider: `anthropic/claude-opus-4-6` → `claude-opus-4-6`. */
export function modelName(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash >= 0 ? id.slice(slash + 1) : id;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

function overrideMatches(pattern: string, id: string): boolean {
  if (pattern.includes('*')) return globToRegExp(pattern).test(id);
  return id.toLowerCase().includes(pattern.toLowerCase());
}

/** Label and colour for a model id (`provider/model` or a bare model name). */
export function modelInfo(id: string, overrides: readonly ModelOverride[] = []): ModelInfo {
  const name = modelName(id);
  const family = FAMILIES.find((f) => f.test.test(name));
  const builtIn: ModelInfo = family
    ? { label: family.label(name), color: family.color }
    : { label: name || id, color: hashColor(id.toLowerCase()) };
  const override = overrides.find((o) => overrideMatches(o.pattern, id));
  if (!override) return builtIn;
  return { label: override.label ?? builtIn.label, color: override.color ?? builtIn.color };
}

export function modelColor(id: string, overrides: readonly ModelOverride[] = []): string {
  return modelInfo(id, overrides).color;
}

/**
 * Loose equality of two model ids, for comparing a signed claim with what ran: the provider
 * prefix, a date suffix, `.` vs `-` and case do not matter
 * (`claude-opus-4-6` = `anthropic/claude-opus-4-6` = `opencode/claude-opus-4.6`).
 */
export function sameModel(a: string, b: string): boolean {
  const norm = (id: string) =>
    modelName(id.trim())
      .toLowerCase()
      .replace(/[-_@]?\d{8}$/, '')
      .replace(/[._]/g, '-');
  return norm(a) === norm(b);
}
