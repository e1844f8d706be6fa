// genai-prices' embedded data cut down to what pricing needs: each provider's match rules and
// each model's match rule and token prices (USD per million, base tier). `npm run build` writes
// it from the installed package (scripts/build.ts); at run time a lookup reads a few small JSON
// files, where the package is one 830 KB module that takes 35-70 ms to load. The lookup follows the
// package's `calcPrice` step by step (test/genai-price-table.test.ts checks every model).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MatchLogic, ModelInfo, ModelPrice, Provider, TieredPrices } from '@pydantic/genai-prices';
import type { TokenPrices } from './pricing.js';

/** Prices that hold from a date on, or daily between two times (seconds after midnight UTC). */
interface PricePeriod {
  cost: TokenPrices;
  /** Milliseconds since the epoch: the prices hold from then on. */
  from?: number;
  /** Seconds after midnight UTC; `end` before `start` wraps past midnight. */
  daily?: { start: number; end: number };
}

interface TableModel {
  id: string;
  match: MatchLogic;
  /** One price, or periods in the package's order: the last whose condition holds applies. */
  cost: TokenPrices | PricePeriod[];
}

interface TableProvider {
  id: string;
  providerMatch?: MatchLogic;
  modelMatch?: MatchLogic;
  /** Providers whose models this one also serves (Azure: OpenAI's, Anthropic's, ...). */
  fallbacks?: string[];
}

/**
 * The providers, and each one's models apart: the build writes them as one small file and a
 * file a provider, so a lookup reads only the providers it names (Anthropic's: 5 of 240 KB).
 */
export interface GenaiPriceTable {
  providers: TableProvider[];
  modelsOf(providerId: string): TableModel[];
}

/**
 * A genai-prices price as USD per million tokens. Tiered prices (Sonnet 4.5 and Gemini 2.5 Pro
 * above 200k input tokens a request) are charged at their base tier: the tier is picked by one
 * request's size, and a turn's usage sums its requests, so that size is not known here.
 */
function perMillion(price: number | TieredPrices | undefined): number | undefined {
  return typeof price === 'number' ? price : price?.base;
}

/** A genai-prices model price in the catalog's shape: input, output, cache read, cache write (5-minute writes). */
export function tokenPricesOf(price: ModelPrice): TokenPrices {
  return {
    input: perMillion(price.input_mtok),
    output: perMillion(price.output_mtok),
    cache_read: perMillion(price.cache_read_mtok),
    cache_write: perMillion(price.cache_write_mtok),
  };
}

/** `HH:MM:SS[.fff](Z|±HH:MM)` as seconds after midnight UTC, as the package reads its time-of-day constraints. */
function secondsOfDay(time: string): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(time);
  if (!m) throw new Error(`genai-prices: a time of day it cannot read: ${time}`);
  const [, h, min, s, fraction = '', zone, sign, zh = '00', zm = '00'] = m;
  const offset = zone === 'Z' ? 0 : (sign === '+' ? 1 : -1) * (Number(zh) * 60 + Number(zm)) * 60;
  const local = Number(h) * 3600 + Number(min) * 60 + Number(s) + Number(`0.${fraction}`);
  return (local - offset + 86400) % 86400;
}

function periodsOf(model: ModelInfo): TokenPrices | PricePeriod[] {
  if (!Array.isArray(model.prices)) return tokenPricesOf(model.prices);
  return model.prices.map(({ constraint, prices }) => {
    const cost = tokenPricesOf(prices);
    if (!constraint) return { cost };
    if (constraint.type === 'start_date') return { cost, from: new Date(constraint.start_date).getTime() };
    return { cost, daily: { start: secondsOfDay(constraint.start_time), end: secondsOfDay(constraint.end_time) } };
  });
}

/** The table from the package's provider data (its `waitForUpdate()`, never updated: the embedded data). */
export function genaiPriceTableOf(providers: readonly Provider[]): GenaiPriceTable {
  const models = new Map(providers.map((p) => [p.id, p.models.map((m) => ({ id: m.id, match: m.match, cost: periodsOf(m) }))]));
  return {
    providers: providers.map((p) => ({
      id: p.id,
      ...(p.provider_match ? { providerMatch: p.provider_match } : {}),
      ...(p.model_match ? { modelMatch: p.model_match } : {}),
      ...(p.fallback_model_providers ? { fallbacks: p.fallback_model_providers } : {}),
    })),
    modelsOf: (id) => models.get(id) ?? [],
  };
}

/** The table as files in `dir`: `providers.json`, and `<provider>.json` with its models. */
export function writeGenaiPriceTable(table: GenaiPriceTable, dir: string, write: (path: string, text: string) => void): void {
  write(join(dir, 'providers.json'), JSON.stringify(table.providers));
  for (const p of table.providers) write(join(dir, `${p.id}.json`), JSON.stringify(table.modelsOf(p.id)));
}

/** The table `writeGenaiPriceTable` wrote; a provider's models are read when first asked for. */
export function readGenaiPriceTable(dir: string): GenaiPriceTable {
  const providers = JSON.parse(readFileSync(join(dir, 'providers.json'), 'utf8')) as TableProvider[];
  const known = new Set(providers.map((p) => p.id));
  const read = new Map<string, TableModel[]>();
  return {
    providers,
    modelsOf(id) {
      let models = read.get(id);
      if (!models) {
        models = known.has(id) ? (JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')) as TableModel[]) : [];
        read.set(id, models);
      }
      return models;
    },
  };
}

function matches(rule: MatchLogic, text: string): boolean {
  const t = text.toLowerCase();
  if ('or' in rule) return rule.or.some((r) => matches(r, text));
  if ('and' in rule) return rule.and.every((r) => matches(r, text));
  if ('equals' in rule) return t === rule.equals.toLowerCase();
  if ('starts_with' in rule) return t.startsWith(rule.starts_with.toLowerCase());
  if ('ends_with' in rule) return t.endsWith(rule.ends_with.toLowerCase());
  if ('contains' in rule) return t.includes(rule.contains.toLowerCase());
  if ('regex' in rule) return new RegExp(rule.regex).test(text);
  return false;
}

function providerNamed(table: GenaiPriceTable, providerId: string): TableProvider | undefined {
  const id = providerId.toLowerCase().trim();
  return table.providers.find((p) => p.id === id) ?? table.providers.find((p) => p.providerMatch && matches(p.providerMatch, id));
}

function modelIn(table: GenaiPriceTable, provider: TableProvider, model: string, withFallbacks: boolean): TableModel | undefined {
  const own = table.modelsOf(provider.id).find((m) => matches(m.match, model));
  if (own || !withFallbacks) return own;
  for (const id of provider.fallbacks ?? []) {
    const fallback = table.providers.find((p) => p.id === id);
    const hit = fallback && modelIn(table, fallback, model, false);
    if (hit) return hit;
  }
  return undefined;
}

/** A release date in a model id as the package also tries it: `-20250929` → `-2025-09-29`. */
function dashedDates(model: string): string {
  return model.replace(/(-)(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)/g, (whole, dash: string, y: string, m: string, d: string) => {
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    return date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d) ? whole : `${dash}${y}-${m}-${d}`;
  });
}

function costAt(model: TableModel, at: Date): TokenPrices {
  if (!Array.isArray(model.cost)) return model.cost;
  const time = at.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid time value');
  const second = at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds() + at.getUTCMilliseconds() / 1000;
  for (let i = model.cost.length - 1; i >= 0; i--) {
    const period = model.cost[i]!;
    if (period.from !== undefined) {
      if (time >= period.from) return period.cost;
    } else if (period.daily) {
      const { start, end } = period.daily;
      if (end < start ? second >= start || second < end : second >= start && second < end) return period.cost;
    } else {
      return period.cost;
    }
  }
  return model.cost[0]!.cost;
}

/**
 * The model and its prices as of `at`, as the package's `calcPrice({}, model, { providerId,
 * timestamp: at })` finds them; undefined where it finds none.
 */
export function findGenaiPrice(table: GenaiPriceTable, providerId: string, modelId: string, at: Date): { id: string; cost: TokenPrices } | undefined {
  let model = modelId.toLowerCase().trim();
  let providerName = providerId;
  // `litellm` with `provider/model`: the provider named in the model id, when the table has it.
  if (providerName.toLowerCase() === 'litellm' && model.includes('/')) {
    const slash = model.indexOf('/');
    const [named, rest] = [model.slice(0, slash), model.slice(slash + 1)];
    if (named && rest && providerNamed(table, named)) [providerName, model] = [named, rest];
  }
  let provider = providerNamed(table, providerName);
  if (!provider && providerName.toLowerCase() === 'litellm') provider = table.providers.find((p) => p.modelMatch && matches(p.modelMatch, model));
  if (!provider) return undefined;
  let hit = modelIn(table, provider, model, true);
  if (!hit) {
    const dashed = dashedDates(model);
    if (dashed !== model) hit = modelIn(table, provider, dashed, true);
  }
  return hit && { id: hit.id, cost: costAt(hit, at) };
}
