// The second price catalog: pydantic's genai-prices, whose embedded data has the models
// models.dev's static copy lacks (Claude Opus 4.5/4.6, Sonnet 4.5, Haiku 4.5, ...). It is asked
// only about models the first catalog has no price for, and imported only then: the package is
// one 830 KB module that takes 35-70 ms to load. Its prices are turned into the plain
// per-million-token numbers `pricing.ts` charges, so both catalogs price tokens the same way.
// Its `updatePrices` is never called: nothing is fetched, the data is the package's own.
import type { ModelPrice, TieredPrices } from '@pydantic/genai-prices';
import { providersOf, splitModel, type PriceCatalog, type TokenPrices } from './pricing.js';

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

/**
 * genai-prices' prices for these model ids, as of `at` (its prices can change on a date), in
 * the catalog's shape: each model under the provider it was found in (the one its id names, else
 * the vendor its name implies), keyed by the model as the id spells it. A model genai-prices does
 * not know is left out.
 */
export async function loadGenaiPriceCatalog(modelIds: string[], at: Date): Promise<PriceCatalog> {
  const { calcPrice } = await import('@pydantic/genai-prices');
  const catalog: PriceCatalog = {};
  for (const id of modelIds) {
    const { model } = splitModel(id);
    for (const providerId of providersOf(id)) {
      // No tokens: only the matched model and its price are wanted, the dollars come from `pricing.ts`.
      const hit = calcPrice({}, model, { providerId, timestamp: at });
      if (!hit) continue;
      const provider = (catalog[providerId] ??= { id: providerId, models: {} });
      provider.models[model] = { id: hit.model.id, cost: tokenPricesOf(hit.model_price) };
      break;
    }
  }
  return catalog;
}
