// The second price catalog: pydantic's genai-prices, whose embedded data has the models
// models.dev's static copy lacks (Claude Opus 4.5/4.6, Sonnet 4.5, Haiku 4.5, ...). It is asked
// only about models the first catalog has no price for, and read only then. Its data comes as
// the table `npm run build` cuts from the installed package (genai-price-table.ts): reading the
// providers asked about takes well under a millisecond, where loading the package took 35-70. Its prices are turned into the plain
// per-million-token numbers `pricing.ts` charges, so both catalogs price tokens the same way.
// Nothing is fetched: the data is the package's own.
import { existsSync } from 'node:fs';
import { importEsm } from '../util/import-esm.js';
import { packagePath } from '../util/package-root.js';
import { findGenaiPrice, genaiPriceTableOf, readGenaiPriceTable, type GenaiPriceTable } from './genai-price-table.js';
import { providersOf, splitModel, type PriceCatalog } from './pricing.js';

/** Where `npm run build` writes the table. */
export const GENAI_PRICE_TABLE_DIR = packagePath('dist/genai-prices/');

/** The built table; from the package itself when running from source without a build. */
async function loadTable(): Promise<GenaiPriceTable> {
  if (existsSync(GENAI_PRICE_TABLE_DIR)) return readGenaiPriceTable(GENAI_PRICE_TABLE_DIR);
  const { waitForUpdate } = await importEsm<typeof import('@pydantic/genai-prices')>('@pydantic/genai-prices');
  return genaiPriceTableOf((await waitForUpdate()) ?? []);
}

/**
 * genai-prices' prices for these model ids, as of `at` (its prices can change on a date), in
 * the catalog's shape: each model under the provider it was found in (the one its id names, else
 * the vendor its name implies), keyed by the model as the id spells it. A model genai-prices does
 * not know is left out.
 */
export async function loadGenaiPriceCatalog(modelIds: string[], at: Date): Promise<PriceCatalog> {
  const table = await loadTable();
  const catalog: PriceCatalog = {};
  for (const id of modelIds) {
    const { model } = splitModel(id);
    for (const providerId of providersOf(id)) {
      const hit = findGenaiPrice(table, providerId, model, at);
      if (!hit) continue;
      const provider = (catalog[providerId] ??= { id: providerId, models: {} });
      provider.models[model] = hit;
      break;
    }
  }
  return catalog;
}
