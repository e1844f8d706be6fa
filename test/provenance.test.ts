import { describe, expect, it } from 'vitest';
import {
  findSignatures,
  findSignOuts,
  parseSignature,
  partyLineHeader,
  scanProvenance,
} from '../src/recording/provenance.js';

describe('parseSignature', () => {
  it('reads a full signature', () => {
    const sig = parseSignature('--- juno @ 2026-04-09T14:02:11Z | ion:koad | anthropic/claude-opus-4-6 ---');
    expect(sig).toEqual({
      entity: 'juno',
      signedAt: '2026-04-09T14:02:11Z',
      host: 'ion',
      user: 'koad',
      model: 'anthropic/claude-opus-4-6',
      missing: [],
      raw: '--- juno @ 2026-04-09T14:02:11Z | ion:koad | anthropic/claude-opus-4-6 ---',
    });
  });

  it('tolerates extra spaces and tabs', () => {
    const sig = parseSignature('---   Iris   @  2026-04-09T14:05:00Z  |  ion : koad  |   xai/grok-4   ---');
    expect(sig?.entity).toBe('iris');
    expect(sig?.signedAt).toBe('2026-04-09T14:05:00Z');
    expect(sig?.host).toBe('ion');
    expect(sig?.user).toBe('koad');
    expect(sig?.model).toBe('xai/grok-4');
    expect(sig?.missing).toEqual([]);
  });

  it('records each missing field', () => {
    expect(parseSignature('--- juno @ 2026-04-09T14:02:11Z | ion:koad ---')?.missing).toEqual(['model']);
    expect(parseSignature('--- juno @ 2026-04-09T14:02:11Z | ion | anthropic/claude-opus-4-6 ---')?.missing).toEqual(['user']);
    expect(parseSignature('--- juno @ 2026-04-09T14:02:11Z | :koad | anthropic/claude-opus-4-6 ---')?.missing).toEqual(['host']);
    expect(parseSignature('--- juno | ion:koad | anthropic/claude-opus-4-6 ---')?.missing).toEqual(['time']);
    expect(parseSignature('--- juno @ 2026-04-09T14:02:11Z | anthropic/claude-opus-4-6 ---')?.missing).toEqual(['host', 'user']);
    expect(parseSignature('--- alice @ 2026-04-09T14:02:11Z | big-pickle ---')?.model).toBe('big-pickle');
    expect(parseSignature('--- juno @ 2026-04-09T14:02:11Z ---')?.missing).toEqual(['host', 'user', 'model']);
  });

  it('treats an unfilled template placeholder as missing', () => {
    const sig = parseSignature('--- juno @ <timestamp> | <host>:<user> | <model> ---');
    expect(sig?.missing).toEqual(['time', 'host', 'user', 'model']);
    expect(parseSignature('--- juno @ 2026-04-09T14:02:11Z | ion:koad | ${MODEL} ---')?.missing).toEqual(['model']);
  });

  it('reads unicode names', () => {
    expect(parseSignature('--- Zoë @ 2026-04-09T14:02:11Z | ion:koad | opencode/big-pickle ---')?.entity).toBe('zoë');
    expect(parseSignature('--- 藤原 @ 2026-04-09T14:02:11Z | 東京:koad | xai/grok-4 ---')).toMatchObject({
      entity: '藤原',
      host: '東京',
      missing: [],
    });
  });

  it('is not fooled by headings and horizontal rules', () => {
    expect(parseSignature('--- Step 1 ---')).toBeUndefined();
    expect(parseSignature('---')).toBeUndefined();
    expect(parseSignature('--- two words @ now | a:b | m ---')).toBeUndefined();
  });
});

describe('scanProvenance', () => {
  const sig = (e: string, model = 'anthropic/claude-opus-4-6') => `--- ${e} @ 2026-04-09T14:02:11Z | ion:koad | ${model} ---`;

  it('finds signature and sign-out in a reply, in order', () => {
    const text = `${sig('juno')}\n\nI wrote the README.\n\n--- juno out ---\n`;
    const marks = scanProvenance(text);
    expect(marks.map((m) => m.kind)).toEqual(['signature', 'sign-out']);
    expect(findSignOuts(text)).toEqual([{ entity: 'juno', raw: '--- juno out ---' }]);
  });

  it('ignores signatures quoted inside fenced code blocks', () => {
    const text = [
      sig('iris', 'xai/grok-4'),
      'The template we sign with is:',
      '```text',
      sig('juno'),
      '--- juno out ---',
      '```',
      '~~~~',
      '--- vesta out ---',
      '```', // a shorter or different fence does not close a ~~~~ block
      '~~~~',
      'done',
      '--- iris out ---',
    ].join('\n');
    expect(findSignatures(text).map((s) => s.entity)).toEqual(['iris']);
    expect(findSignOuts(text).map((s) => s.entity)).toEqual(['iris']);
  });

  it('treats an unclosed fence as running to the end', () => {
    const text = `${sig('iris', 'xai/grok-4')}\n\`\`\`\n--- iris out ---\n`;
    expect(findSignOuts(text)).toEqual([]);
  });

  it('ignores signatures in blockquotes (quoting another entity)', () => {
    const text = `${sig('alice', 'opencode/big-pickle')}\nJuno said:\n> ${sig('juno')}\n> --- juno out ---\n--- alice out ---`;
    expect(findSignatures(text).map((s) => s.entity)).toEqual(['alice']);
    expect(findSignOuts(text).map((s) => s.entity)).toEqual(['alice']);
  });

  it('counts a signature formatted as inline code or bold', () => {
    const text = `\`${sig('vesta', 'openai/gpt-5')}\`\n\n**--- vesta out ---**`;
    expect(findSignatures(text)[0]).toMatchObject({ entity: 'vesta', model: 'openai/gpt-5', missing: [] });
    expect(findSignOuts(text).map((s) => s.entity)).toEqual(['vesta']);
  });

  it('returns several signatures in one message, in order', () => {
    const text = `${sig('juno')}\nfirst part\n--- juno out ---\n${sig('iris', 'xai/grok-4')}\nsecond\n--- iris out ---`;
    expect(findSignatures(text).map((s) => s.entity)).toEqual(['juno', 'iris']);
    expect(scanProvenance(text).map((m) => m.kind)).toEqual(['signature', 'sign-out', 'signature', 'sign-out']);
  });

  it('finds a sign-out on its own (no signature)', () => {
    const text = 'Fixed the typo.\n--- Alice out ---';
    expect(findSignatures(text)).toEqual([]);
    expect(findSignOuts(text)).toEqual([{ entity: 'alice', raw: '--- Alice out ---' }]);
  });

  it('finds marks mid-line', () => {
    const text = `Here I am: ${sig('juno')} and that is all. --- juno out ---`;
    expect(findSignatures(text)).toHaveLength(1);
    expect(findSignOuts(text)).toHaveLength(1);
  });
});

describe('partyLineHeader', () => {
  // The prompt the tooling builds: its filled-in template and sign-out are not signatures.
  const prompt = [
    '[PARTY-LINE: You are now Iris. Your identity follows.]',
    '# Iris',
    'I design interfaces.',
    '[PROVENANCE: Sign your work with full provenance:]',
    '--- iris @ 2026-04-09T14:05:00Z | ion:koad | xai/grok-4 ---',
    '[MESSAGE FROM ORCHESTRATOR]',
    'Please add a CSS file.',
    'End with: --- iris out ---',
  ].join('\n');

  it('names the entity from the header only', () => {
    expect(partyLineHeader(prompt)).toBe('Iris');
    expect(partyLineHeader('[PARTY-LINE:   You are now  Zoë.  Your identity follows.]')).toBe('Zoë');
    expect(partyLineHeader('please sign as --- juno @ x | a:b | m ---')).toBeUndefined();
  });
});
