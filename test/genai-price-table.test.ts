// The genai-prices table the build cuts from @pydantic/genai-prices finds what the package's own
// `calcPrice` finds, for every model in its data: the same model, the same prices, on every date
// and at every time of day where its prices change. And the built file is that table.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calcPrice, waitForUpdate, type MatchLogic, type Provider } from '@pydantic/genai-prices';
import { GENAI_PRICE_TABLE_DIR } from '../src/recording/genai-price-catalog.js';
import { findGenaiPrice, genaiPriceTableOf, readGenaiPriceTable, tokenPricesOf } from '../src/recording/genai-price-table.js';

const providers = ((await waitForUpdate()) ?? []) as Provider[];
const table = genaiPriceTableOf(providers);

/** The literal words of a match rule: the ids it is written for. */
function literals(rule: MatchLogic): string[] {
  if ('or' in rule) return rule.or.flatMap(literals);
  if ('and' in rule) return rule.and.flatMap(literals);
  if ('regex' in rule) return [];
  return Object.values(rule) as string[];
}

/** Model ids as sessions spell them: the model's id and its rule's words, bare, dated, cased, inside others. */
function spellings(model: Provider['models'][number]): string[] {
  const words = [model.id, ...literals(model.match)];
  return [...new Set(words.flatMap((w) => [w, `${w}-20250929`, `${w}-20251301`, w.toUpperCase(), `x-${w}`, `${w}:free`]))];
}

/** The moments where a model's prices change, and either side of each. */
function moments(model: Provider['models'][number]): Date[] {
  const out = [Date.UTC(2026, 1, 10, 12), Date.UTC(2024, 0, 1, 3, 15)];
  for (const { constraint } of Array.isArray(model.prices) ? model.prices : []) {
    if (constraint?.type === 'start_date') {
      const t = new Date(constraint.start_date).getTime();
      out.push(t - 1, t, t + 86_400_000);
    } else if (constraint?.type === 'time_of_date') {
      for (const time of [constraint.start_time, constraint.end_time]) {
        const t = new Date(`2026-03-04T${time}`).getTime();
        out.push(t - 1000, t, t + 1000);
      }
    }
  }
  return out.map((t) => new Date(t));
}

/** What `calcPrice` finds, in the table's shape. */
function packageFinds(providerId: string, model: string, at: Date): { id: string; cost: ReturnType<typeof tokenPricesOf> } | undefined {
  const hit = calcPrice({}, model, { providerId, timestamp: at });
  return hit ? { id: hit.model.id, cost: tokenPricesOf(hit.model_price) } : undefined;
}

describe('genai-prices table', () => {
  it('finds the model and prices calcPrice finds, for every model, provider, spelling and moment', () => {
    let compared = 0;
    let found = 0;
    for (const provider of providers) {
      const names = [provider.id, ...(provider.provider_match ? literals(provider.provider_match) : [])];
      for (const model of provider.models) {
        for (const spelling of spellings(model)) {
          for (const at of moments(model)) {
            for (const [providerId, id] of [...names.map((n) => [n, spelling]), ['litellm', `${provider.id}/${spelling}`], ['litellm', spelling]]) {
              const expected = packageFinds(providerId!, id!, at);
              expect(findGenaiPrice(table, providerId!, id!, at), `${providerId} ${id} ${at.toISOString()}`).toEqual(expected);
              compared++;
              if (expected) found++;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100_000);
    expect(found).toBeGreaterThan(compared / 4);
    expect(findGenaiPrice(table, 'anthropic', 'claude-opus-9-9', new Date())).toBeUndefined();
    expect(findGenaiPrice(table, 'no-such-provider', 'claude-opus-4-6', new Date())).toBeUndefined();
  });

  it('the build writes this table', () => {
    expect(existsSync(GENAI_PRICE_TABLE_DIR), 'run `npm run build`').toBe(true);
    const built = readGenaiPriceTable(GENAI_PRICE_TABLE_DIR);
    expect(built.providers).toEqual(table.providers);
    for (const p of table.providers) expect(built.modelsOf(p.id), p.id).toEqual(JSON.parse(JSON.stringify(table.modelsOf(p.id))));
    expect(built.modelsOf('no-such-provider')).toEqual([]);
  });
});
