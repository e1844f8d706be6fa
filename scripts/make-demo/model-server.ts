// A scripted OpenAI-compatible chat-completions server on 127.0.0.1. opencode talks to it as
// if it were a real provider; every reply comes from the screenplay, one queued round per
// request. It is bounded (requests, lifetime, body size) and checks what opencode sends back,
// so a screenplay that drifts from what the tools really did fails loudly instead of
// producing a plausible-looking but false demo.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedToolCall {
  tool: string;
  args: Record<string, unknown>;
  /** The tool's result (as opencode reports it back) must match, or the run fails. */
  expect?: RegExp;
}

export interface ScriptedRound {
  reasoning?: string;
  text?: string;
  calls?: ScriptedToolCall[];
}

export interface ServedTurn {
  label: string;
  /** The opening user message of the turn must contain this (the PARTY-LINE header). */
  opening: string;
  rounds: ScriptedRound[];
}

export interface ModelServerLimits {
  maxRequests: number;
  lifetimeMs: number;
  maxBodyBytes: number;
}

const DEFAULT_LIMITS: ModelServerLimits = {
  maxRequests: 400,
  lifetimeMs: 20 * 60_000,
  maxBodyBytes: 16 * 1024 * 1024,
};

interface ChatMessage {
  role: string;
  content?: unknown;
  tool_call_id?: string;
}

interface ChatRequest {
  model?: string;
  stream?: boolean;
  messages?: ChatMessage[];
  tools?: unknown[];
}

interface PendingCheck {
  callId: string;
  label: string;
  expect?: RegExp;
}

export class ScriptedModelServer {
  private server: Server | undefined;
  private lifetimeTimer: NodeJS.Timeout | undefined;
  private turn: ServedTurn | undefined;
  private roundIndex = 0;
  private pending: PendingCheck[] = [];
  private requestCount = 0;
  private chunkCounter = 0;
  readonly failures: string[] = [];
  /** The plain answer to side requests (titles, summaries). */
  sideText = 'Party line';
  /** Tools opencode offered, per model, as seen on the first request of each model. */
  readonly toolsOffered = new Map<string, string[]>();

  constructor(private readonly limits: ModelServerLimits = DEFAULT_LIMITS) {}

  async start(): Promise<number> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.fail(`internal error: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.lifetimeTimer = setTimeout(() => {
      this.fail(`lifetime of ${this.limits.lifetimeMs} ms exceeded; stopping`);
      void this.close();
    }, this.limits.lifetimeMs);
    this.lifetimeTimer.unref();
    return (server.address() as AddressInfo).port;
  }

  beginTurn(turn: ServedTurn): void {
    this.turn = turn;
    this.roundIndex = 0;
    this.pending = [];
  }

  /** Every round served and every tool result checked: the turn went as scripted. */
  endTurn(): void {
    const turn = this.turn;
    if (!turn) return;
    if (this.roundIndex < turn.rounds.length) {
      this.fail(`${turn.label}: only ${this.roundIndex} of ${turn.rounds.length} rounds were requested`);
    }
    if (this.pending.length > 0) {
      this.fail(`${turn.label}: tool results never came back for ${this.pending.map((p) => p.label).join(', ')}`);
    }
    this.turn = undefined;
  }

  async close(): Promise<void> {
    if (this.lifetimeTimer) clearTimeout(this.lifetimeTimer);
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private fail(message: string): void {
    this.failures.push(message);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requestCount += 1;
    if (this.requestCount > this.limits.maxRequests) {
      this.fail(`more than ${this.limits.maxRequests} requests`);
      res.writeHead(429).end();
      return;
    }
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const body = await readBody(req, this.limits.maxBodyBytes);
    const request = JSON.parse(body) as ChatRequest;
    const model = request.model ?? 'unknown';
    const messages = request.messages ?? [];
    const hasTools = Array.isArray(request.tools) && request.tools.length > 0;

    if (!hasTools) {
      // Side requests (titles, summaries) want a short plain answer and no round is used.
      this.stream(res, model, { text: this.sideText }, 'side');
      return;
    }
    if (!this.toolsOffered.has(model)) {
      this.toolsOffered.set(model, (request.tools as { function?: { name?: string } }[]).map((t) => t.function?.name ?? '?'));
    }
    const turn = this.turn;
    if (!turn) {
      this.fail(`a request for ${model} came while no turn was running`);
      res.writeHead(500).end();
      return;
    }
    const round = turn.rounds[this.roundIndex];
    if (!round) {
      this.fail(`${turn.label}: opencode asked for round ${this.roundIndex + 1}, the script has ${turn.rounds.length}`);
      res.writeHead(500).end();
      return;
    }
    const fromSubagent = this.pending.some((p) => p.label.endsWith(' task')) && !messages.some((m) => m.role === 'tool');
    if (this.roundIndex === 0) this.checkOpening(turn, messages);
    else if (fromSubagent) {
      // A task call's subagent asks in its own session before the call's result comes back.
      this.roundIndex += 1;
      this.stream(res, model, round, `${turn.label} subagent`, [], estimateTokens(body));
      return;
    } else this.checkToolResults(turn, messages);
    const roundLabel = `${turn.label} round ${this.roundIndex + 1}`;
    const callIds = (round.calls ?? []).map((_, i) => `call_${slug(turn.label)}_${this.roundIndex + 1}_${i + 1}`);
    this.pending = (round.calls ?? []).map((call, i) => ({
      callId: callIds[i]!,
      label: `${roundLabel} ${call.tool}`,
      expect: call.expect,
    }));
    this.roundIndex += 1;
    this.stream(res, model, round, roundLabel, callIds, estimateTokens(body));
  }

  private checkOpening(turn: ServedTurn, messages: ChatMessage[]): void {
    const last = messages[messages.length - 1];
    const text = last ? contentText(last.content) : '';
    if (last?.role !== 'user' || !text.includes(turn.opening)) {
      this.fail(`${turn.label}: the turn did not open with a user message containing ${JSON.stringify(turn.opening)}`);
    }
  }

  private checkToolResults(turn: ServedTurn, messages: ChatMessage[]): void {
    for (const check of this.pending) {
      const result = messages.find((m) => m.role === 'tool' && m.tool_call_id === check.callId);
      if (!result) {
        this.fail(`${turn.label}: no tool result for ${check.label}`);
        continue;
      }
      const output = contentText(result.content);
      if (/^Error\b|error:/i.test(output.slice(0, 200)) && !check.expect) {
        this.fail(`${check.label} failed: ${output.slice(0, 300)}`);
      }
      if (check.expect && !check.expect.test(output)) {
        this.fail(`${check.label}: result does not match ${check.expect}:\n${output.slice(0, 1200)}`);
      }
    }
    this.pending = [];
  }

  private stream(
    res: ServerResponse,
    model: string,
    round: ScriptedRound,
    label: string,
    callIds: string[] = [],
    promptTokens = 0,
  ): void {
    this.chunkCounter += 1;
    const id = `chatcmpl-${slug(label)}-${this.chunkCounter}`;
    const created = Math.floor(Date.now() / 1000);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const send = (choices: unknown[], extra: Record<string, unknown> = {}): void => {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`);
    };
    const delta = (d: Record<string, unknown>): void => send([{ index: 0, delta: d, finish_reason: null }]);

    delta({ role: 'assistant', content: '' });
    for (const piece of pieces(round.reasoning ?? '', 48)) delta({ reasoning_content: piece });
    for (const piece of pieces(round.text ?? '', 32)) delta({ content: piece });
    const calls = round.calls ?? [];
    calls.forEach((call, index) => {
      delta({ tool_calls: [{ index, id: callIds[index], type: 'function', function: { name: call.tool, arguments: '' } }] });
      for (const piece of pieces(JSON.stringify(call.args), 120)) {
        delta({ tool_calls: [{ index, function: { arguments: piece } }] });
      }
    });
    send([{ index: 0, delta: {}, finish_reason: calls.length > 0 ? 'tool_calls' : 'stop' }]);
    const reasoning = round.reasoning ? estimateTokens(round.reasoning) : 0;
    const completion = reasoning + estimateTokens((round.text ?? '') + JSON.stringify(calls.map((c) => c.args)));
    send([], {
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completion,
        total_tokens: promptTokens + completion,
        completion_tokens_details: { reasoning_tokens: reasoning },
      },
    });
    res.end('data: [DONE]\n\n');
  }
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error(`request body over ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((c: unknown) => (c && typeof c === 'object' && 'text' in c ? String((c as { text: unknown }).text) : ''))
      .join('');
  }
  return '';
}

/** Split text into stream deltas at whitespace where possible, so it arrives like a model's. */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    let cut = rest.lastIndexOf(' ', size);
    if (cut < size / 2) cut = size;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.round(text.length / 4));
}

function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}
