// Redaction, one kind of secret at a time: each must be found on its own, in a string holding
// nothing else that looks like a secret (the cheap pre-scan must not let any kind through).
import { describe, expect, it } from 'vitest';
import { REDACTED, newReport, redactDeep } from '../src/util/redact.js';

const secrets: Array<[kind: string, text: string, secret: string]> = [
  ['private key', 'here:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAA'],
  ['anthropic key', `use sk-ant-api03-${'Q7'.repeat(16)} now`, `sk-ant-api03-${'Q7'.repeat(16)}`],
  ['openai key', `use sk-proj-${'abcDEF123_'.repeat(3)} now`, `sk-proj-${'abcDEF123_'.repeat(3)}`],
  ['github token', `push with ghp_${'a1B2c3D4e5'.repeat(4)}`, `ghp_${'a1B2c3D4e5'.repeat(4)}`],
  ['github token', `push with github_pat_${'11ABCDEFG0'.repeat(3)}`, `github_pat_${'11ABCDEFG0'.repeat(3)}`],
  ['slack token', 'post with xoxb-1234567890-abcdefghij', 'xoxb-1234567890-abcdefghij'],
  ['aws key', 'the id AKIAIOSFODNN7EXAMPLE is set', 'AKIAIOSFODNN7EXAMPLE'],
  ['google key', `maps AIza${'Sy9tSrke7'.repeat(4)}abc ok`, `AIza${'Sy9tSrke7'.repeat(4)}abc`],
  ['stripe key', 'charge with sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
  ['npm token', `publish with npm_${'a9'.repeat(18)}`, `npm_${'a9'.repeat(18)}`],
  ['jwt', 'cookie eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N'],
  ['bearer token', 'curl -H "Authorization: Bearer abcdefghijklmnop1234"', 'abcdefghijklmnop1234'],
  ['url password', 'connect to postgres://admin:Zq8wXy1vK@db.example.com/app', 'Zq8wXy1vK'],
  ['assignment', 'DB_PASSWORD="Zq8wXy1vK"', 'Zq8wXy1vK'],
];

describe('redaction', () => {
  it.each(secrets)('finds a %s on its own', (kind, text, secret) => {
    const report = newReport();
    const out = redactDeep({ text }, { patterns: true }, report).text;
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    expect(report.counts[kind]).toBe(1);
  });

  it('leaves text with nothing secret-like as it was', () => {
    const report = newReport();
    const text = 'The file panel shows who wrote which line, coloured by entity.';
    expect(redactDeep({ text }, { patterns: true }, report).text).toBe(text);
    expect(report.total).toBe(0);
  });

  it('copies only the path to a secret and leaves the input as it was', () => {
    const secret = 'AKIAIOSFODNN7EXAMPLE';
    const input = { turns: [{ text: `key ${secret}` }, { text: 'plain' }], meta: { title: 'party' } };
    const out = redactDeep(input, { patterns: true });
    expect(out.turns[0]!.text).toBe(`key ${REDACTED}`);
    expect(input.turns[0]!.text).toBe(`key ${secret}`);
    expect(out.turns[1]).toBe(input.turns[1]);
    expect(out.meta).toBe(input.meta);
  });
});
