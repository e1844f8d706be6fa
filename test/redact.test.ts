// Redaction, one kind of secret at a time: each must be found on its own, in a string holding
// nothing else that looks like a secret (the cheap pre-scan must not let any kind through).
// And the long strings of ordinary code that must be left alone.
import { describe, expect, it } from 'vitest';
import { REDACTED, newReport, redactDeep } from '../src/recording/redact.js';
import { HAND_PATTERNS } from '../src/recording/redact-patterns.js';

const ghp = `ghp_${'a1B2c3D4e5'.repeat(3)}xY9Qw1`;
const xappTail = 'a9f3c8e1b7d4'.repeat(5) + 'c0ffee';
const secrets: Array<[kind: string, text: string, secret: string]> = [
  ['private key', 'here:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAA'],
  ['private key', `-----BEGIN RSA PRIVATE KEY-----\n${'MIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n'.repeat(3)}-----END RSA PRIVATE KEY-----`, 'MIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn'],
  ['anthropic key', `use sk-ant-api03-${'Q7'.repeat(16)} now`, `sk-ant-api03-${'Q7'.repeat(16)}`],
  ['anthropic key', `use sk-ant-api03-${'Xq3vB8kLm2'.repeat(9)}AbcdAA now`, `sk-ant-api03-${'Xq3vB8kLm2'.repeat(9)}AbcdAA`],
  ['openai key', `use sk-proj-${'abcDEF123_'.repeat(3)} now`, `sk-proj-${'abcDEF123_'.repeat(3)}`],
  ['github token', `push with ${ghp}`, ghp],
  ['github token', `push with ghp_${'a1B2c3D4e5'.repeat(4)}`, `ghp_${'a1B2c3D4e5'.repeat(4)}`],
  ['github token', `push with github_pat_${'11ABCDEFG0'.repeat(3)}`, `github_pat_${'11ABCDEFG0'.repeat(3)}`],
  ['slack token', 'post with xoxb-1234567890-abcdefghij', 'xoxb-1234567890-abcdefghij'],
  ['slack token', `socket mode xapp-1-A0123456789-1234567890123-${xappTail} on`, xappTail],
  ['slack webhook', 'curl https://hooks.slack.com/services/T01234567/B0123456789/AbCdEfGhIjKlMnOpQrStUvWx -d {}', 'AbCdEfGhIjKlMnOpQrStUvWx'],
  ['aws key', 'the id AKIAZ3MSJV4WMVZQ7BXE is set', 'AKIAZ3MSJV4WMVZQ7BXE'],
  ['google key', `maps AIza${'Sy9tSrke7'.repeat(4)}abc ok`, `AIza${'Sy9tSrke7'.repeat(4)}abc`],
  ['stripe key', 'charge with sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
  ['npm token', `publish with npm_${'a9'.repeat(18)}`, `npm_${'a9'.repeat(18)}`],
  ['jwt', 'cookie eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N'],
  ['bearer token', 'curl -H "Authorization: Bearer abcdefghijklmnop1234"', 'abcdefghijklmnop1234'],
  ['url password', 'connect to postgres://admin:Zq8wXy1vK@db.example.com/app', 'Zq8wXy1vK'],
  ['url password', 'clone https://deploy:Zq8wXy1vK@git.example.com/app.git', 'Zq8wXy1vK'],
  ['url password', 'cache at redis://default:Zq8wXy1vK@cache.internal:6379', 'Zq8wXy1vK'],
  ['assignment', 'DB_PASSWORD="Zq8wXy1vK"', 'Zq8wXy1vK'],
  ['random token', 'the service answered with Xk9mP2vQ7rT4wY8zB3nC6dF1gH5jK0lZ4sA9eR2uI7oW3 and went on', 'Xk9mP2vQ7rT4wY8zB3nC6dF1gH5jK0lZ4sA9eR2uI7oW3'],
  // Joined to another secret: the run as a whole is no token, what is left once that one is out is.
  ['random token', `iSzMWEEbQ61C2AlyVhQNBE791mVHYp1JU78Jf2WSzEHaZ-xoxb-${'ab'.repeat(30)}`, 'iSzMWEEbQ61C2AlyVhQNBE791mVHYp1JU78Jf2WSzEHaZ'],
  ['random token', `iSzMWEEbQ61C2AlyVhQNBE791mVHYp1JU78Jf2WSzEHaZ/ghp_${'a1B2c3D4e5'.repeat(4)}`, 'iSzMWEEbQ61C2AlyVhQNBE791mVHYp1JU78Jf2WSzEHaZ'],
];

/** Long strings of ordinary code and sessions that no rule may take for a secret. */
const notSecrets: Array<[what: string, text: string]> = [
  ['a git commit hash', 'git checkout 7eac5df4b2e1c9a8f3d6e0b7a4c1d8e5f2a9b6c3 -- src/'],
  ['a sha256 digest', 'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  ['a UUID', 'session 8463c716-a2ea-4c14-9efa-87158ebd9f20 and request 123e4567-e89b-12d3-a456-426614174000'],
  ['a data: URL image', `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg${'Zm9vYmFyQmF6UXV4'.repeat(4)}==">`],
  ['a base64 image blob', `${'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kg'.repeat(8)}`],
  ['an integrity hash', '"integrity": "sha512-Kq5sNDMPGhzV1g6rZw1zXm9R0a6vYb8y6S4Pq0tWc1YnQ2dXq+8Jt6gF7bN3cP4vR9Lw2Ak5Em8Hs1Dj3Ux7Qg=="'],
  ['a long file path', 'open /home/runner/work/playback-machine/playback-machine/src/render/layer-recording.ts:42'],
  ['a long identifier', 'export function renderDamagedRegionsIntoLayerRecordingForFrame2(frame) {}'],
  ['a snake_case constant', 'MAX_KEPT_CHARACTERS_PER_TOOL_OUTPUT_BEFORE_CUTTING_2 = 262144'],
  ['a public certificate body', `-----BEGIN CERTIFICATE-----\n${'MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n'.repeat(4)}-----END CERTIFICATE-----`],
  ['a password reading code', 'const password = process.env.DB_PASSWORD; if (!token) throw new Error("no token")'],
];

describe('redaction', () => {
  it.each(secrets)('finds a %s on its own', async (kind, text, secret) => {
    const report = newReport();
    const out = (await redactDeep({ text }, { patterns: true }, report)).text;
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    expect(report.counts[kind]).toBeGreaterThanOrEqual(1);
  });

  it('gives every hand pattern a lead or what it needs: the one scan for leads skips no pattern it should run', () => {
    for (const p of HAND_PATTERNS) expect(p.lead === undefined, p.kind).toBe(p.needs !== undefined);
    // Each lead is where its pattern starts.
    for (const p of HAND_PATTERNS.filter((q) => q.lead)) expect(p.re.source.replace(/^\(/, '').startsWith(p.lead!), `${p.kind}: ${p.re.source}`).toBe(true);
  });

  it.each(notSecrets)('leaves %s alone', async (_what, text) => {
    const report = newReport();
    expect((await redactDeep({ text }, { patterns: true }, report)).text).toBe(text);
    expect(report.total).toBe(0);
  });

  it('leaves text with nothing secret-like as it was', async () => {
    const report = newReport();
    const text = 'The file panel shows who wrote which line, coloured by entity.';
    expect((await redactDeep({ text }, { patterns: true }, report)).text).toBe(text);
    expect(report.total).toBe(0);
  });

  it('keeps the words around a secret', async () => {
    const out = await redactDeep(`deploy with ${ghp} tonight`, { patterns: true });
    expect(out).toBe(`deploy with ${REDACTED} tonight`);
  });

  it('copies only the path to a secret and leaves the input as it was', async () => {
    const secret = 'AKIAZ3MSJV4WMVZQ7BXE';
    const input = { turns: [{ text: `key ${secret}` }, { text: 'plain' }], meta: { title: 'party' } };
    const out = await redactDeep(input, { patterns: true });
    expect(out.turns[0]!.text).toBe(`key ${REDACTED}`);
    expect(input.turns[0]!.text).toBe(`key ${secret}`);
    expect(out.turns[1]).toBe(input.turns[1]);
    expect(out.meta).toBe(input.meta);
  });

  it('walks 100,000 levels of nesting without running out of stack', async () => {
    let deep: unknown = { command: `echo ${ghp}` };
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    const report = newReport();
    let out = (await redactDeep({ input: deep }, { patterns: true }, report)).input as { next?: unknown; command?: string };
    while (out.next) out = out.next as typeof out;
    expect(out.command).toBe(`echo ${REDACTED}`);
    expect(report.total).toBe(1);
  });

  it('removes literal strings even with the rules off', async () => {
    const report = newReport();
    const out = await redactDeep({ a: 'the codename is bluebird', b: ghp }, { patterns: false, literals: ['bluebird'] }, report);
    expect(out).toEqual({ a: `the codename is ${REDACTED}`, b: ghp });
    expect(report.counts.literal).toBe(1);
  });
});
