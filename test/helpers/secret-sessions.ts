// Sessions with a secret of every kind planted in every text field: a Claude Code transcript
// (with a subagent) and an opencode export, written by the test into a folder of its own.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One of each kind the redaction must catch, with a fragment that must never be shown either. */
export interface PlantedSecret {
  kind: string;
  secret: string;
  /** A part of the secret that names it (a prefix and some of its random part). */
  fragment: string;
}

const token40 = 'Xk9mP2vQ7rT4wY8zB3nC6dF1gH5jK0lZ4sA9eR2uI7oW3';
const ghp = 'ghp_Qw3rTy7uIo9pAs1dFg5hJk2lZx8cVb4nM6qW';
const pkBody = 'MIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB';

export const PLANTED: PlantedSecret[] = [
  { kind: 'aws key', secret: 'AKIAZ3MSJV4WMVZQ7BXE', fragment: 'AKIAZ3MSJV4W' },
  { kind: 'aws secret', secret: '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', fragment: 'wJalrXUtnFEMI' },
  { kind: 'github token', secret: ghp, fragment: ghp.slice(0, 14) },
  { kind: 'github pat', secret: `github_pat_11ABCDEFG0${'aB3dE5fG7h'.repeat(6)}Zx`, fragment: 'github_pat_11ABCD' },
  { kind: 'anthropic key', secret: `sk-ant-api03-${'Xq3vB8kLm2'.repeat(9)}AbcdAA`, fragment: 'sk-ant-api03-Xq3v' },
  { kind: 'openai key', secret: `sk-proj-${'Rt5Wz9Yc1D'.repeat(4)}`, fragment: 'sk-proj-Rt5Wz9' },
  { kind: 'slack token', secret: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', fragment: 'xoxb-1234567890' },
  { kind: 'slack app token', secret: `xapp-1-A0123456789-1234567890123-${'a9f3c8e1b7d4'.repeat(5)}`, fragment: 'xapp-1-A0123' },
  { kind: 'slack webhook', secret: 'https://hooks.slack.com/services/T01234567/B0123456789/AbCdEfGhIjKlMnOpQrStUvWx', fragment: 'AbCdEfGhIjKlMnOp' },
  { kind: 'private key', secret: `-----BEGIN RSA PRIVATE KEY-----\n${pkBody}\n${pkBody}\n-----END RSA PRIVATE KEY-----`, fragment: pkBody.slice(0, 16) },
  { kind: 'url password', secret: 'Zq8wXy1vKp', fragment: 'Zq8wXy1vKp' },
  { kind: 'random token', secret: token40, fragment: token40.slice(0, 14) },
];

/** A paragraph holding every planted secret, in words a reader (and OCR) can find around them. */
export function secretParagraph(field: string): string {
  const s = Object.fromEntries(PLANTED.map((p) => [p.kind, p.secret])) as Record<string, string>;
  return [
    `In the ${field}, deploy with ${s['github token']} tonight.`,
    `The aws id is ${s['aws key']} and aws_secret_access_key = ${s['aws secret']} here.`,
    `Fine grained ${s['github pat']} and claude ${s['anthropic key']} and openai ${s['openai key']}.`,
    `Slack bot ${s['slack token']} app ${s['slack app token']} hook ${s['slack webhook']} posted.`,
    `Database postgres://admin:${s['url password']}@db.example.com/app opened.`,
    `Server answered ${s['random token']} and went on.`,
    s['private key']!,
  ].join('\n');
}

/** The first prompt's first line: the title is cut from it, and an 80-character cut falls inside the token. */
export const TITLE_LINE = `Please deploy the staging build to the cluster using ${ghp} for the registry`;

const SESSION = '5e1c7a2b-9d3f-4e8a-b6c1-2f0a9d8e7c6b';
const AGENT = 'a5ec7e7';

/** A Claude Code transcript (and its subagent's file) in `dir`; returns the transcript's path. */
export function writeClaudeCodeSession(dir: string): string {
  let n = 0;
  const time = (): string => new Date(Date.UTC(2026, 0, 1, 12, 0, n++)).toISOString();
  const base = { sessionId: SESSION, cwd: '/work/app', version: '2.1.39', userType: 'external' };
  const lines: object[] = [];
  let parent: string | null = null;
  const push = (line: Record<string, unknown>): void => {
    const uuid = `u-${lines.length + 1}`;
    lines.push({ ...base, parentUuid: parent, isSidechain: false, uuid, timestamp: time(), ...line });
    parent = uuid;
  };
  let msg = 0;
  const assistant = (content: object[]): void =>
    push({ type: 'assistant', requestId: `req_${++msg}`, message: { id: `msg_${msg}`, role: 'assistant', model: 'claude-opus-4-5', content, usage: { input_tokens: 10, output_tokens: 5 } } });
  const result = (id: string, content: string, extra: object = {}): void =>
    push({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content }] }, ...extra });

  push({ type: 'user', message: { role: 'user', content: `${TITLE_LINE}\n${secretParagraph('prompt')}` } });
  assistant([{ type: 'thinking', thinking: secretParagraph('thinking'), signature: 'c2lnbmF0dXJl' }]);
  assistant([{ type: 'text', text: secretParagraph('assistant text') }]);
  assistant([{ type: 'tool_use', id: 'toolu_bash', name: 'Bash', input: { command: `echo "${secretParagraph('tool input')}"`, description: 'print the settings' } }]);
  result('toolu_bash', secretParagraph('tool output'));
  assistant([{ type: 'tool_use', id: 'toolu_write', name: 'Write', input: { file_path: '/work/app/.env', content: secretParagraph('file content') } }]);
  result('toolu_write', 'File created successfully at: /work/app/.env');
  assistant([{ type: 'tool_use', id: 'toolu_edit', name: 'Edit', input: { file_path: '/work/app/.env', old_string: secretParagraph('old string'), new_string: secretParagraph('new string') } }]);
  result('toolu_edit', 'The file /work/app/.env has been updated.');
  assistant([{ type: 'tool_use', id: 'toolu_task', name: 'Task', input: { description: 'check the keys', prompt: secretParagraph('subagent prompt'), subagent_type: 'Explore' } }]);
  result('toolu_task', secretParagraph('subagent result'), { toolUseResult: { agentId: AGENT, status: 'completed' } });
  assistant([{ type: 'text', text: 'All done.' }]);

  const file = join(dir, `${SESSION}.jsonl`);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

  const agentLines: object[] = [];
  let agentParent: string | null = null;
  const agentPush = (line: Record<string, unknown>): void => {
    const uuid = `s-${agentLines.length + 1}`;
    agentLines.push({ ...base, agentId: AGENT, isSidechain: true, parentUuid: agentParent, uuid, timestamp: time(), ...line });
    agentParent = uuid;
  };
  agentPush({ type: 'user', message: { role: 'user', content: secretParagraph('subagent prompt') } });
  agentPush({ type: 'assistant', requestId: 'req_s1', message: { id: 'msg_s1', role: 'assistant', model: 'claude-haiku-4-5', content: [{ type: 'text', text: secretParagraph('subagent text') }], usage: { input_tokens: 3, output_tokens: 2 } } });
  const agentDir = join(dir, SESSION, 'subagents');
  mkdirSync(agentDir, { recursive: true });
  writeFileSync(join(agentDir, `agent-${AGENT}.jsonl`), agentLines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  writeFileSync(join(agentDir, `agent-${AGENT}.meta.json`), JSON.stringify({ agentType: 'Explore', toolUseId: 'toolu_task' }));
  return file;
}

/** An opencode export (`opencode export` JSON) with the secrets in its title and every part; returns its path. */
export function writeOpencodeExport(dir: string): string {
  const sid = 'ses_5ec7e7abcdefSecretsTest01';
  let t = Date.UTC(2026, 0, 1, 12, 0, 0);
  let ids = 0;
  const id = (prefix: string): string => `${prefix}_${String(++ids).padStart(4, '0')}5ec7e7SecretsPart`;
  const tokens = { input: 10, output: 5, reasoning: 0, cache: { read: 0, write: 0 } };
  const messages: object[] = [];
  const user = (text: string): string => {
    const mid = id('msg');
    messages.push({ info: { id: mid, sessionID: sid, role: 'user', time: { created: (t += 1000) } }, parts: [{ id: id('prt'), sessionID: sid, messageID: mid, type: 'text', text }] });
    return mid;
  };
  const assistant = (parent: string, parts: object[]): void => {
    const mid = id('msg');
    const created = (t += 1000);
    messages.push({
      info: { id: mid, sessionID: sid, role: 'assistant', parentID: parent, modelID: 'claude-sonnet-4-5', providerID: 'anthropic', mode: 'build', agent: 'build', path: { cwd: '/work/app', root: '/work/app' }, cost: 0, tokens, time: { created, completed: (t += 1000) } },
      parts: parts.map((p) => ({ id: id('prt'), sessionID: sid, messageID: mid, ...p })),
    });
  };
  const tool = (name: string, input: object, output: string): object => ({
    type: 'tool', callID: id('call'), tool: name,
    state: { status: 'completed', input, output, title: name, metadata: {}, time: { start: t, end: t + 500 } },
  });
  const first = user(`${TITLE_LINE}\n${secretParagraph('prompt')}`);
  assistant(first, [
    { type: 'reasoning', text: secretParagraph('reasoning'), time: { start: t, end: t + 10 } },
    { type: 'text', text: secretParagraph('assistant text') },
    tool('bash', { command: `echo "${secretParagraph('tool input')}"`, description: 'print the settings' }, secretParagraph('tool output')),
    tool('write', { filePath: '/work/app/.env', content: secretParagraph('file content') }, 'Wrote file successfully.'),
    tool('edit', { filePath: '/work/app/.env', oldString: secretParagraph('old string'), newString: secretParagraph('new string') }, 'Edit applied successfully.'),
    tool('task', { description: 'check the keys', prompt: secretParagraph('subagent prompt'), subagent_type: 'general' }, secretParagraph('subagent result')),
  ]);
  const info = { id: sid, slug: 'secret-party', projectID: 'p1', directory: '/work/app', title: `${TITLE_LINE} ${secretParagraph('title')}`, version: '1.2.5', time: { created: Date.UTC(2026, 0, 1, 12), updated: t } };
  const file = join(dir, 'opencode-export.json');
  writeFileSync(file, JSON.stringify({ info, messages }, null, 2));
  return file;
}
