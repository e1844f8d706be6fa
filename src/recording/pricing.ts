// Dollars for the tokens a recording used. The log's own figure is kept where it gives one;
// other tokens are priced from a catalog of per-model prices in the models.dev shape (the one
// opencode prices from), passed in as data: this module reads no file and fetches nothing.
import type { ModelUsage, PriceCatalogName, Recording, TokenUsage, Turn } from './model.js';

/** USD per million tokens, as models.dev gives them; a price left out is charged as 0. */
export interface TokenPrices {
  input?: number;
  output?: number;
  /** Reasoning tokens; output's price when left out (as opencode charges them). */
  reasoning?: number;
  cache_read?: number;
  cache_write?: number;
}

export interface CatalogModel {
  id: string;
  /** Absent when the catalog knows the model but not its price. */
  cost?: TokenPrices;
}

export interface CatalogProvider {
  id: string;
  models: Record<string, CatalogModel>;
}

/** Providers by id: the whole catalog or only the providers a recording needs (`catalogProvidersFor`). */
export type PriceCatalog = Record<string, CatalogProvider | undefined>;

/** Where a model name says it comes from, for ids that name no provider (or an unknown one). */
const VENDORS: Array<[RegExp, string]> = [
  [/^claude/, 'anthropic'],
  [/^(gpt|o\d|chatgpt|codex)/, 'openai'],
  [/^(gemini|gemma)/, 'google'],
  [/^grok/, 'xai'],
  [/^deepseek/, 'deepseek'],
  [/^(mistral|codestral|devstral|magistral|ministral|pixtral)/, 'mistral'],
  [/^(kimi|moonshot)/, 'moonshotai'],
  [/^glm/, 'zai'],
  [/^qwen/, 'alibaba'],
];

/** A provider id as the catalog's modules are named: lower-case words and hyphens, nothing else. */
function isProviderId(id: string): boolean {
  return /^[a-z0-9][a-z0-9-]*$/.test(id);
}

/** `provider/model` split at its first slash; a bare model id names no provider. */
export function splitModel(id: string): { provider?: string; model: string } {
  const slash = id.indexOf('/');
  if (slash <= 0) return { model: id };
  return { provider: id.slice(0, slash).toLowerCase(), model: id.slice(slash + 1) };
}

function vendorOf(model: string): string | undefined {
  const name = model.toLowerCase();
  return VENDORS.find(([pattern]) => pattern.test(name))?.[1];
}

/**
 * A model id without what varies between spellings of one model: case, a version written with
 * a dot (`4.5`, as gateways write Anthropic's `4-5`), a release date (`-20250929`,
 * `@20250514`, `-2025-08-07`) or `-latest`.
 */
function baseName(model: string): string {
  return model
    .toLowerCase()
    .replace(/(\d)\.(\d)/g, '$1-$2')
    .replace(/(?:[-@](?:\d{8}|\d{4}-\d{2}-\d{2})|-latest)$/, '');
}

/** The providers to look a model up in: the one it names, and the vendor its name implies. */
export function providersOf(model: string): string[] {
  const { provider, model: name } = splitModel(model);
  const out: string[] = [];
  if (provider && isProviderId(provider)) out.push(provider);
  const vendor = vendorOf(name);
  if (vendor && !out.includes(vendor)) out.push(vendor);
  return out;
}

/**
 * The catalog entry for a `provider/model` id (or a bare model id), with its prices. The model
 * is looked up in its provider, else (when the catalog has no such provider, or the id names
 * none) in the vendor its name implies: `claude-…` in anthropic, `gpt-…` in openai. Within a
 * provider: the exact id, else the same model under another spelling (`claude-sonnet-4` is
 * `claude-sonnet-4-20250514`; the newest release when several match). Undefined when the
 * catalog has no price for it.
 */
export function findPrice(catalog: PriceCatalog, modelId: string): { provider: string; model: CatalogModel; cost: TokenPrices } | undefined {
  const { provider, model } = splitModel(modelId);
  const named = provider ? catalog[provider] : undefined;
  const vendor = vendorOf(model);
  const where = named ?? (vendor ? catalog[vendor] : undefined);
  if (!where || !model) return undefined;
  const found = where.models[model] ?? sameModel(where, model);
  return found?.cost ? { provider: where.id, model: found, cost: found.cost } : undefined;
}

function sameModel(provider: CatalogProvider, model: string): CatalogModel | undefined {
  const base = baseName(model);
  let best: [string, CatalogModel] | undefined;
  for (const [key, entry] of Object.entries(provider.models)) {
    if (baseName(key) !== base) continue;
    // Dated keys sort by date, and a dated release after the bare alias.
    if (!best || key > best[0]) best = [key, entry];
  }
  return best?.[1];
}

/** Dollars for some tokens at a model's prices (USD per million tokens). */
export function priceTokens(tokens: TokenUsage, prices: TokenPrices): number {
  const perMillion =
    tokens.input * (prices.input ?? 0) +
    tokens.output * (prices.output ?? 0) +
    tokens.reasoning * (prices.reasoning ?? prices.output ?? 0) +
    tokens.cacheRead * (prices.cache_read ?? 0) +
    tokens.cacheWrite * (prices.cache_write ?? 0);
  return perMillion / 1_000_000;
}

/** Usage rows still to be priced: tokens whose cost the log does not give. */
function unpricedRows(rec: Recording): ModelUsage[] {
  const rows: ModelUsage[] = [];
  for (const session of rec.sessions) {
    for (const turn of session.turns) for (const u of turn.usage) if (u.costFrom === 'none') rows.push(u);
  }
  return rows;
}

/** The catalog providers `priceRecording` looks in for this recording: none when the log prices every token. */
export function catalogProvidersFor(rec: Recording): string[] {
  const out = new Set<string>();
  for (const row of unpricedRows(rec)) for (const p of providersOf(row.model)) out.add(p);
  return [...out];
}

/** The model ids whose tokens are still unpriced: what a second catalog is asked about. */
export function unpricedModelIds(rec: Recording): string[] {
  return [...new Set(unpricedRows(rec).map((u) => u.model))].filter(Boolean);
}

/**
 * The recording with every token the log gives no cost for priced from the catalog (turn, then
 * recording totals), marked with the catalog's name. Tokens of a model the catalog has no price
 * for stay at $0 with `costFrom: 'none'` (for a next catalog to price); `unpricedModels` names
 * them. Pure: the recording given is not changed.
 */
export function priceRecording(rec: Recording, catalog: PriceCatalog, name: PriceCatalogName = 'models.dev'): Recording {
  const priceRow = (u: ModelUsage): ModelUsage => {
    if (u.costFrom !== 'none') return u;
    const found = findPrice(catalog, u.model);
    return found ? { ...u, cost: priceTokens(u.tokens, found.cost), costFrom: 'catalog', catalog: name } : u;
  };
  const priceTurn = (turn: Turn): Turn => {
    const usage = turn.usage.map(priceRow);
    return { ...turn, usage, cost: usage.reduce((sum, u) => sum + u.cost, 0) };
  };
  const sessions = rec.sessions.map((s) => ({ ...s, turns: s.turns.map(priceTurn) }));
  const cost = sessions.reduce((sum, s) => sum + s.turns.reduce((n, t) => n + t.cost, 0), 0);
  return { ...rec, sessions, cost };
}

/** Models whose tokens have no cost: neither the log nor the catalog gives one. */
export function unpricedModels(turns: Iterable<Turn>): string[] {
  const out = new Set<string>();
  for (const turn of turns) for (const u of turn.usage) if (u.costFrom === 'none') out.add(u.model || 'an unnamed model');
  return [...out];
}
