// The timeline: a recording paced into timed cues. Plain JSON-able data; the scene draws it,
// the player embeds it, the renderer steps through it. All times are seconds from the start.

export interface PacingOptions {
  /** Playback speed multiplier on the paced durations (2 = twice as fast). */
  speed: number;
  /** Longest idle gap kept, in seconds (real-time mode only; paced mode has no idle). */
  maxIdle: number;
  /** Use the recorded timestamps (compressed by maxIdle) instead of the reading pace. */
  realTime: boolean;
  /**
   * Every message in full, each held for its reading time. Off (the default), a message the
   * speaker writes along the way is shown as its lead, as the caption of the work that follows
   * it; the turn's final message is always whole.
   */
  everyWord: boolean;
}

export const defaultPacing: PacingOptions = { speed: 1, maxIdle: 2, realTime: false, everyWord: false };

export interface TimelineParticipant {
  id: string;
  name: string;
  kind: 'entity' | 'agent' | 'guest' | 'user';
  color: string;
  /** data: URL of the avatar PNG, when one exists; otherwise the scene draws initial-on-colour. */
  avatar?: string;
  role?: string;
  /** When the participant first and last holds the stage, for entry/exit animations. */
  enter: number;
  exit: number;
  /**
   * The stretches at the table, in order, when the participant steps back in between (a
   * party-line sign-out): dimmed after one span's exit, back at the next span's enter.
   * Absent: one span from `enter` to `exit`.
   */
  spans?: Array<{ enter: number; exit: number }>;
  /** `provider/model` ids the participant ran, in first-use order (a guest's chip shows the first). */
  models?: string[];
  /** A guest's host: the participant whose call brought it on stage. */
  host?: string;
}

export interface TimelineModel {
  /** `provider/model` as actually run. */
  id: string;
  label: string;
  color: string;
}

export interface Chapter {
  /** 0-based turn index over the whole recording (the number shown to users is turn + 1). */
  turn: number;
  participantId: string;
  /** Entity or agent name, for seek-bar markers and the transcript. */
  entity: string;
  start: number;
  end: number;
  /** The cues of this chapter: indexes [from, to) into `cues`. */
  cues: [number, number];
  /** Provenance as signed, for the badge. */
  badge: ProvenanceBadge;
  /** Actual `provider/model` ids run in the turn (the first is shown on the chip). */
  models: string[];
}

/** A syntax-highlighted line: runs of text with their colours (see highlight.ts). */
export type TokenLine = Array<{ text: string; color: string }>;

/** A block of assistant/user text: prose paragraphs and code blocks. */
export type TextBlock =
  | { type: 'prose'; text: string; heading?: boolean; bullet?: boolean }
  | { type: 'code'; lang: string; lines: TokenLine[] };

interface CueBase {
  start: number;
  end: number;
  /** Index into `chapters`, or -1 for the title and end cards. */
  chapter: number;
  participantId?: string;
  /** Short plain-text line for the transcript panel and search. */
  label: string;
  /** Source id (message/part/line) the cue came from. */
  sourceId?: string;
}

export interface TitleCue extends CueBase { kind: 'title' }
export interface EndCue extends CueBase { kind: 'end' }

export interface ProvenanceBadge {
  entity: string;
  signedAt?: string;
  host?: string;
  user?: string;
  signedModel?: string;
  /** Problems to flag on the badge: 'unsigned', 'no sign-out', 'model mismatch', 'missing host', ... */
  flags: string[];
  /** Whether this is a party-line turn (plain sessions show a simpler badge). */
  party: boolean;
}

/**
 * One screenful of a text or prompt cue: its blocks [from, to), typed out until `typed`, then held
 * whole until `end` (seconds from the start, like the cue's). The timeline gives each page its
 * reading time; the scene draws the page alone and shrinks it to fit if its area is smaller than
 * the estimate, so a page is never scrolled or cut and always holds for its reading time.
 */
export interface TextPage {
  blocks: [number, number];
  chars: number;
  typed: number;
  end: number;
}

export interface PromptCue extends CueBase { kind: 'prompt'; blocks: TextBlock[]; from: string; pages?: TextPage[] }
export interface TextCue extends CueBase {
  kind: 'text';
  blocks: TextBlock[];
  chars: number;
  pages?: TextPage[];
  /** Narration shown as its lead: the whole message is in the transcript. */
  abridged?: boolean;
}
/** A thought's text is kept to this many characters, ending in "…" when cut there. */
export const THOUGHT_CHARS = 320;
export interface ReasoningCue extends CueBase { kind: 'reasoning'; text: string; caption?: StepCaption }

/**
 * A step's narration: the lead of the message the speaker wrote before this work, kept on screen
 * above it until the next message, so it is read while the work plays.
 */
export interface StepCaption {
  /** The narration cue's source id (the feed above the work leaves that cue out). */
  sourceId?: string;
  blocks: TextBlock[];
}

export interface ToolCue extends CueBase {
  kind: 'tool';
  tool: string;
  title: string;
  status: 'pending' | 'running' | 'completed' | 'error';
  durationMs?: number;
  /** A few lines of the result or the error, already shortened. */
  summary: string[];
  isError: boolean;
  /** Set when this call brings a guest (subagent) on stage. */
  guestId?: string;
  /**
   * A call whose guest works in between plays in two cues: the call (`running`, no result),
   * the guest's work, then the result.
   */
  phase?: 'call' | 'result';
  /**
   * Set when the card stands for a run of lookups (reads, globs, greps, listings) by one speaker:
   * each call, in order. The card fills with them as it plays; `tool`, `title` and `summary` are
   * then the run's ("Read", "read 6 files").
   */
  items?: LookupItem[];
  caption?: StepCaption;
}

export interface LookupItem {
  tool: string;
  title: string;
  isError: boolean;
  sourceId?: string;
}

export interface FileCue extends CueBase {
  kind: 'file';
  /** Index into `files`. */
  file: number;
  /** Index into that file's `versions`: the version this cue produces. */
  version: number;
  op: 'write' | 'edit' | 'patch';
  caption?: StepCaption;
}

/** A hand-off between speakers: the conch passing in a party, one agent handing over to another otherwise. */
export interface ConchCue extends CueBase { kind: 'conch'; from: string; to: string }
export interface NoticeCue extends CueBase {
  kind: 'notice';
  tone: 'info' | 'warn' | 'error';
  /** compaction, agent switch, sign-out, retry, error, unknown part... */
  what: string;
}

/** The recording moves to another session of its workflow: a short card names it and how it came about. */
export interface SessionCue extends CueBase {
  kind: 'session';
  sessionId: string;
  link: 'start' | 'hand-off' | 'fork' | 'subagent';
  /** e.g. "from workflow: tide notes · 11 copied messages not replayed". */
  detail: string;
}

/** A workflow's sessions, for the lineage strip: the tree, and when each played session is on. */
export interface TimelineWorkflow {
  nodes: Array<{ sessionId: string; label: string; link: SessionCue['link']; depth: number; parent?: number; played: boolean }>;
  /** Played sessions in order: node index and the stretch of the timeline it fills. */
  spans: Array<{ node: number; start: number; end: number }>;
}

export type Cue =
  | SessionCue
  | TitleCue
  | EndCue
  | PromptCue
  | TextCue
  | ReasoningCue
  | ToolCue
  | FileCue
  | ConchCue
  | NoticeCue;

export type CueKind = Cue['kind'];

/**
 * One state of a file. Who last wrote each line is kept as runs of [participant index, line count]
 * (index -1: content from before the session), so a long file stays small.
 */
export interface FileVersion {
  time: number;
  lineCount: number;
  owners: Array<[number, number]>;
  /** Lines changed by this version, [from, to) in the new numbering, for the "being written" highlight. */
  changed: [number, number];
  /** A window of the text around the change, for the panel's preview: first line number (0-based) and highlighted lines. */
  window: { from: number; lines: TokenLine[] };
  /**
   * The file's whole content is not known (it existed before the session and was only edited
   * or patched): `lineCount` and the window cover the changed lines only.
   */
  partial?: boolean;
  /** Lines the session has written in this file so far (all versions up to this one). */
  linesChanged?: number;
  participantId: string;
}

export interface FileTrack {
  path: string;
  versions: FileVersion[];
}

export interface CreditRow {
  participantId: string;
  turns: number;
  files: number;
  linesWritten: number;
  toolCalls: number;
  models: string[];
  tokens: number;
  /** Dollars, logged or priced; tokens of `unpricedModels` are not in it. */
  cost: number;
  /** Models this participant used whose tokens have no price. */
  unpricedModels: string[];
}

export interface Timeline {
  duration: number;
  pacing: PacingOptions;
  meta: {
    title: string;
    topic?: string;
    date?: string;
    format: string;
    party: boolean;
    /** Names of participants as the party card lists them, in join order. */
    roster: string[];
  };
  participants: TimelineParticipant[];
  models: TimelineModel[];
  chapters: Chapter[];
  /** Sorted by start and never overlapping: the cue at time t is found by binary search. */
  cues: Cue[];
  files: FileTrack[];
  credits: CreditRow[];
  totals: { tokens: number; cost: number; unpricedModels: string[]; turns: number; files: number };
  /** Present when the recording follows a workflow across sessions. */
  workflow?: TimelineWorkflow;
}
