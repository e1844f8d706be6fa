// The vocabulary a party is written in: who is on the line, what the orchestrator says to
// them, and what each of them says and does, round by round. The parties themselves
// (demo-party.ts, violations-party.ts) are plain data in this vocabulary.
import { readFileSync } from 'node:fs';
import type { ScriptedRound, ScriptedToolCall } from './model-server.js';

export type { ScriptedRound, ScriptedToolCall };

export type AvatarStyle = {
  hair: 'bun' | 'bob' | 'long' | 'crop';
  emblem: 'laurel' | 'wave' | 'spectacles' | 'flame' | 'wheat';
  skin: string;
};

export interface Entity {
  handle: string;
  name: string;
  role: string;
  /** provider/model, as configured for the entity and claimed in its signature. */
  model: string;
  host: string;
  user: string;
  outfit: { h: number; s: number };
  /** The whole of ENTITY.md. */
  identity: string;
  avatar: AvatarStyle;
}

/** Ways a turn may break the protocol, for the violations party. */
export interface Deviation {
  /** The signature names this handle instead of the turn's entity (and signs out as it). */
  signAs?: string;
  /** A provenance field left out of the signature. */
  omit?: 'host' | 'user' | 'model';
  /** No signature line at all (and therefore no sign-out either). */
  unsigned?: boolean;
  /** Signed in, never signed out. */
  noSignOut?: boolean;
  /** The model that really runs the turn, when it is not the entity's own. */
  runModel?: string;
  /** The orchestrator never appended this entity to PRIMER.md. */
  notInPrimer?: boolean;
}

export interface Turn {
  entity: string;
  /** What the orchestrator says, under [MESSAGE FROM ORCHESTRATOR]. */
  message: string;
  /** The reply, without signature and sign-out: those are added as the protocol says. */
  rounds: ScriptedRound[];
  deviation?: Deviation;
}

export interface Party {
  /** Folder name under examples/. */
  output: string;
  /** Party name: `.koad-io/parties/<name>/`, `# Party: <name>`. */
  name: string;
  topic: string;
  /** Where the work happens while the party runs; PRIMER.md's **Directory:**. */
  projectDir: string;
  entities: Entity[];
  turns: Turn[];
}

const DRAFTS = new URL('./tidepool/', import.meta.url);

/** A file as an entity first writes it: the drafts live in ./tidepool/ under the same path. */
export function draft(path: string): string {
  return readFileSync(new URL(path, DRAFTS), 'utf8');
}

export function write(path: string, content = draft(path)): ScriptedToolCall {
  return { tool: 'write', args: { filePath: path, content }, expect: /Wrote file successfully/ };
}

export function edit(path: string, oldString: string, newString: string): ScriptedToolCall {
  return { tool: 'edit', args: { filePath: path, oldString, newString }, expect: /Edit applied successfully/ };
}

export function read(path: string): ScriptedToolCall {
  return { tool: 'read', args: { filePath: path }, expect: /<content>/ };
}

export function bash(command: string, description: string, expect: RegExp): ScriptedToolCall {
  return { tool: 'bash', args: { command, description }, expect };
}
