// Recording → Timeline: a pure function. Each recorded event becomes a cue with a paced (or,
// with realTime, a recorded and idle-compressed) duration; cues never overlap, so the scene
// finds the state at any t by binary search instead of replaying from the start.
import type { RecEvent, Recording, Session, Turn } from '../recording/model.js';
import { hashColor } from '../recording/color.js';
import { modelInfo } from '../recording/model-colors.js';
import { isPartySession } from '../recording/party-line.js';
import { findSignOuts } from '../recording/provenance.js';
import { checkProtocol, type Finding, type FindingKind } from '../recording/protocol-check.js';
import { unpricedModels } from '../recording/pricing.js';
import { BlameTracker } from './blame.js';
import type {
  Chapter, CreditRow, Cue, FileTrack, PacingOptions, ProvenanceBadge, Timeline, TimelineModel, TimelineParticipant, TimelineWorkflow,
} from './model.js';
import { defaultPacing, THOUGHT_CHARS } from './model.js';
import * as pace from './pacing.js';
import { pageText } from './pages.js';
import { lookupTitle, runKind } from './lookups.js';
import { narrateSteps } from './steps.js';
import { flatText, oneLine, promptText, shorten, splitAnalysis, summarizeLines, toBlocks } from './text-blocks.js';

/** A cue before times are assigned: its paced length and, when known, the recorded time. */
type Untimed<T> = T extends unknown ? Omit<T, 'start' | 'end'> : never;
type DraftCue = Untimed<Cue> & { seconds: number; at?: number };
type DraftOf<K extends Cue['kind']> = Untimed<Extract<Cue, { kind: K }>>;

/** Display budgets, in characters: long enough that a message's last words are shown (it is paged). */
const TEXT_CHARS = 2400;
const PROMPT_CHARS = 900;

/** How many cues of a subagent's own work are shown inline while its guest is on stage. */
const GUEST_CUE_LIMIT = 8;

export function buildTimeline(rec: Recording, options: Partial<PacingOptions> = {}): Timeline {
  const pacing: PacingOptions = { ...defaultPacing, ...options };
  return new TimelineBuilder(rec, pacing).build();
}

class TimelineBuilder {
  private drafts: DraftCue[] = [];
  private chapterDrafts: Array<Omit<Chapter, 'start' | 'end' | 'cues'> & { from: number; to: number }> = [];
  private participants: TimelineParticipant[];
  private participantIndex = new Map<string, number>();
  private blame = new BlameTracker();
  private files: FileTrack[] = [];
  private fileIndex = new Map<string, number>();
  private credits = new Map<string, CreditRow>();
  private filesByParticipant = new Map<string, Set<string>>();
  private sessions: Map<string, Session>;
  /** Each played session's drafts, [from, to). */
  private sessionDrafts: Array<{ sessionId: string; from: number; to: number }> = [];
  private party: boolean;
  /** Protocol findings of the root session, by 1-based turn. */
  private findings = new Map<number, Finding[]>();

  constructor(private rec: Recording, private pacing: PacingOptions) {
    this.sessions = new Map(rec.sessions.map((s) => [s.id, s]));
    this.party = isPartySession(rec);
    for (const f of this.party ? checkProtocol(rec) : []) this.findings.set(f.turn, [...(this.findings.get(f.turn) ?? []), f]);
    this.participants = rec.participants
      .filter((p) => p.kind !== 'user')
      .map((p) => ({
        id: p.id, name: p.name, kind: p.kind, color: p.color ?? hashColor(p.id),
        avatar: p.avatar, role: p.role, enter: 0, exit: 0, ...(p.models.length ? { models: p.models } : {}),
      }));
    this.participants.forEach((p, i) => this.participantIndex.set(p.id, i));
  }

  build(): Timeline {
    const rec = this.rec;
    const party = rec.party;
    this.push({ kind: 'title', chapter: -1, label: party?.title ?? rec.title, seconds: pace.TITLE_SECONDS });
    let previous: string | undefined;
    for (const session of this.playedSessions()) {
      const from = this.drafts.length;
      this.addSessionCard(session);
      for (const turn of session.turns) {
        if (previous && previous !== turn.participantId) {
          this.push({
            kind: 'conch', chapter: this.chapterDrafts.length, participantId: turn.participantId,
            from: previous, to: turn.participantId,
            label: this.party
              ? `${this.nameOf(previous)} passes the conch to ${this.nameOf(turn.participantId)}`
              : `${this.nameOf(previous)} hands over to ${this.nameOf(turn.participantId)}`,
            seconds: pace.CONCH_SECONDS,
          });
        }
        this.addTurn(turn);
        previous = turn.participantId;
      }
      this.sessionDrafts.push({ sessionId: session.id, from, to: this.drafts.length });
    }
    this.push({ kind: 'end', chapter: -1, label: 'Credits', seconds: pace.creditsSeconds(this.participants.length) });
    return this.assemble();
  }

  /** The sessions played, in order: the workflow's (subagents play inside their parents), else the root. */
  private playedSessions(): Session[] {
    const flow = this.rec.workflow;
    if (!flow) return this.rec.sessions.slice(0, 1);
    return flow.filter((n) => n.played).map((n) => this.sessions.get(n.sessionId)).filter((s): s is Session => !!s);
  }

  /** Before a session that continues other work: a card naming it and how it came about. */
  private addSessionCard(session: Session): void {
    const flow = this.rec.workflow;
    const node = flow?.find((n) => n.sessionId === session.id);
    const link = node?.link ?? session.origin?.kind ?? 'start';
    // Alone, only a fork says what it is: its copied messages are left out.
    if (flow ? flow[0]?.sessionId === session.id : link !== 'fork') return;
    const label = node?.label ?? (session.origin?.fork ? `fork #${session.origin.fork}` : session.title);
    const fromId = node?.fromSessionId ?? session.origin?.fromSessionId;
    const fromLabel = fromId ? (flow?.find((n) => n.sessionId === fromId)?.label ?? this.sessions.get(fromId)?.title ?? fromId) : undefined;
    const copied = session.origin?.copiedMessages;
    const detail = [fromLabel ? `from ${fromLabel}` : '', copied ? `${copied} copied ${copied === 1 ? 'message' : 'messages'} not replayed` : '']
      .filter(Boolean).join(' · ');
    this.push({
      kind: 'session', chapter: -1, participantId: '', sessionId: session.id, link,
      label: label.includes(link) ? `→ ${label}` : `→ ${label} (${link})`, detail, seconds: pace.SESSION_CARD_SECONDS, at: session.start,
    });
  }

  private push(draft: DraftCue): number {
    this.drafts.push(draft);
    return this.drafts.length - 1;
  }

  private nameOf(participantId: string): string {
    const i = this.participantIndex.get(participantId);
    return i === undefined ? participantId : this.participants[i]!.name;
  }

  private credit(participantId: string): CreditRow {
    let row = this.credits.get(participantId);
    if (!row) {
      row = { participantId, turns: 0, files: 0, linesWritten: 0, toolCalls: 0, models: [], tokens: 0, cost: 0, unpricedModels: [] };
      this.credits.set(participantId, row);
    }
    return row;
  }

  private addTurn(turn: Turn): void {
    const chapter = this.chapterDrafts.length;
    const from = this.drafts.length;
    const row = this.credit(turn.participantId);
    row.turns += 1;
    row.tokens += turn.tokens.input + turn.tokens.output + turn.tokens.reasoning;
    row.cost += turn.cost;
    for (const m of unpricedModels([turn])) if (!row.unpricedModels.includes(m)) row.unpricedModels.push(m);
    for (const m of turn.models) if (!row.models.includes(m)) row.models.push(m);

    if (turn.prompt) {
      const text = promptText(turn.prompt.text);
      const paged = pageText(toBlocks(text, PROMPT_CHARS).blocks, { typed: false });
      this.push({
        kind: 'prompt', chapter, participantId: turn.participantId, from: turn.prompt.from ?? 'user', blocks: paged.blocks, pages: paged.pages,
        label: oneLine(text), sourceId: turn.prompt.messageId, seconds: paged.seconds, at: turn.prompt.time,
      });
    }
    this.addEvents(turn.events, chapter, turn.participantId);
    const own = groupRuns(this.drafts.slice(from));
    this.drafts.splice(from, Infinity, ...own);
    // The turn's final message: the speaker's last text (as a short's cut also takes it).
    const final = own.findLastIndex((d) => d.kind === 'text' && d.participantId === turn.participantId);
    if (!this.pacing.everyWord) narrateSteps(own, final);
    if (final >= 0) holdFinalMessage(own[final]!);
    this.addSignOut(turn, chapter);
    this.chapterDrafts.push({
      turn: chapter, participantId: turn.participantId, entity: this.nameOf(turn.participantId),
      badge: badgeFor(turn, this.nameOf(turn.participantId), this.party, this.findings.get(chapter + 1) ?? []),
      models: turn.models, from, to: this.drafts.length,
    });
  }

  /** A party-line turn that ends with `--- name out ---` shows the sign-out; then the entity steps back. */
  private addSignOut(turn: Turn, chapter: number): void {
    if (!this.party || !turn.attribution?.signedOut) return;
    const texts = turn.events.filter((e): e is Extract<RecEvent, { kind: 'text' }> => e.kind === 'text' && e.role === 'assistant');
    const own = this.rec.participants.find((p) => p.id === turn.participantId)?.handle;
    for (let i = texts.length - 1; i >= 0; i--) {
      const out = findSignOuts(texts[i]!.text).filter((o) => !own || o.entity === own).pop();
      if (!out) continue;
      this.push({
        kind: 'notice', chapter, participantId: turn.participantId, tone: 'info', what: 'sign-out',
        label: out.raw.trim(), sourceId: texts[i]!.id, seconds: pace.SIGN_OUT_SECONDS, at: texts[i]!.time,
      });
      return;
    }
  }

  private addEvents(events: RecEvent[], chapter: number, speaker: string, guestBudget = Infinity): void {
    // A write/edit shows as its file cue; its tool call would only say the same thing again.
    const fileCalls = new Set(events.flatMap((e) => (e.kind === 'file-change' && e.callId ? [e.callId] : [])));
    // opencode's patch parts name the files a step changed; those already shown by their write or
    // edit would only repeat it.
    const written = new Set(events.flatMap((e) => (e.kind === 'file-change' && e.op !== 'patch' ? [e.relPath] : [])));
    let shown = 0;
    for (const ev of events) {
      if (shown >= guestBudget) break;
      const participantId = this.participantIndex.has(ev.participantId) ? ev.participantId : speaker;
      if (ev.kind === 'file-change' && ev.op === 'patch' && !ev.patch && written.has(ev.relPath)) continue;
      const before = this.drafts.length;
      this.addEvent(ev, chapter, participantId, fileCalls);
      shown += this.drafts.length - before;
    }
  }

  private addEvent(ev: RecEvent, chapter: number, participantId: string, fileCalls: Set<string>): void {
    const base = { chapter, participantId, sourceId: ev.id, at: ev.time };
    switch (ev.kind) {
      case 'text': {
        if (ev.note) {
          this.notice(base, 'info', 'system note', oneLine(ev.note, 160), ev);
          return;
        }
        if (ev.role === 'user' || ev.synthetic) return; // the prompt cue shows the user's words
        const said = splitAnalysis(ev.text);
        if (said.analysis) this.addReasoning(base, said.analysis);
        const { blocks, chars } = toBlocks(said.text, TEXT_CHARS);
        if (!blocks.length) return;
        const paged = pageText(blocks, { typed: true });
        this.push({ ...base, kind: 'text', blocks: paged.blocks, chars, pages: paged.pages, label: oneLine(said.text), seconds: paged.seconds });
        return;
      }
      case 'reasoning':
        this.addReasoning(base, ev.text);
        return;
      case 'tool': {
        if (fileCalls.has(ev.callId) && ev.status !== 'error') return;
        // A user's own `!` command is shown in the speaker's work but is not the speaker's call;
        // a guest's calls are credited from its own session.
        if (!this.isGuest(participantId) && ev.participantId !== 'user') this.credit(participantId).toolCalls += 1;
        const isError = ev.status === 'error';
        const body = (isError ? ev.error : ev.output) ?? '';
        const guest = ev.childSessionId ? this.guestFor(ev.childSessionId) : undefined;
        const draft: DraftOf<'tool'> = {
          ...base, kind: 'tool', tool: ev.tool, title: toolTitle(ev.tool, ev.title, ev.input), status: ev.status,
          durationMs: ev.durationMs, summary: summarizeLines(body, 4), isError, guestId: guest,
          label: `${ev.tool}: ${oneLine(toolTitle(ev.tool, ev.title, ev.input), 100)}${isError ? ' (error)' : ''}`,
        };
        if (!guest || !ev.childSessionId) {
          this.push({ ...draft, seconds: pace.toolSeconds(body.length, isError) });
          return;
        }
        // The guest works between its call and the call's result, as it did.
        this.participants[this.participantIndex.get(guest)!]!.host = participantId;
        this.push({ ...draft, phase: 'call', status: 'running', durationMs: undefined, summary: [], isError: false, seconds: pace.GUEST_CALL_SECONDS });
        this.addGuestWork(ev.childSessionId, chapter, guest);
        this.creditGuest(ev.childSessionId, guest);
        this.push({ ...draft, phase: 'result', label: `${draft.label} (result)`, seconds: pace.toolSeconds(body.length, isError) });
        return;
      }
      case 'file-change': {
        const owner = this.participantIndex.get(participantId) ?? -1;
        const { version, linesWritten } = this.blame.apply(ev, owner, participantId);
        let index = this.fileIndex.get(ev.relPath);
        if (index === undefined) {
          index = this.files.length;
          this.files.push({ path: ev.relPath, versions: [] });
          this.fileIndex.set(ev.relPath, index);
        }
        const track = this.files[index]!;
        track.versions.push({ ...version, time: 0 }); // time set when cues get their times
        if (!this.isGuest(participantId)) this.credit(participantId).linesWritten += linesWritten;
        const touched = this.filesByParticipant.get(participantId) ?? new Set<string>();
        touched.add(ev.relPath);
        this.filesByParticipant.set(participantId, touched);
        this.push({
          ...base, kind: 'file', file: index, version: track.versions.length - 1, op: ev.op,
          label: `${ev.op} ${ev.relPath}`, seconds: pace.fileSeconds(linesWritten),
        });
        return;
      }
      case 'compaction':
        this.notice(base, 'info', 'compaction', ev.summary ? `Context compacted: ${oneLine(ev.summary, 120)}` : 'Context compacted', ev);
        return;
      case 'agent-switch':
        // A switch that opens the turn is already shown as the hand-off into it.
        if (this.justHandedOver()) return;
        this.notice(base, 'info', 'agent switch', `Agent switch${ev.from ? ` from ${ev.from}` : ''} to ${ev.to}`, ev);
        return;
      case 'subagent':
        return; // shown by the tool call that started it
      case 'retry':
        this.notice(base, 'warn', 'retry', `Retry ${ev.attempt}: ${oneLine(ev.error, 120)}`, ev);
        return;
      case 'error':
        this.notice(base, 'error', 'error', `${ev.name}: ${oneLine(ev.message, 140)}`, ev);
        return;
      case 'unknown':
        this.notice(base, 'warn', 'unknown', `Unrecognised ${ev.sourceType}`, ev);
        return;
    }
  }

  private addReasoning(base: { chapter: number; participantId: string; sourceId: string; at: number }, thought: string): void {
    const flat = flatText(thought);
    const text = shorten(flat, THOUGHT_CHARS);
    if (!text) return;
    this.push({ ...base, kind: 'reasoning', text, label: `(thinking) ${shorten(flat, 100)}`, seconds: pace.reasoningSeconds(text.length) });
  }

  private notice(base: { chapter: number; participantId: string; sourceId: string; at: number }, tone: 'info' | 'warn' | 'error', what: string, label: string, ev: RecEvent): void {
    this.push({ ...base, kind: 'notice', tone, what, label, seconds: pace.noticeSeconds(ev) });
  }

  /** The guest participant of a child session, if that session is in the recording. */
  private guestFor(childSessionId: string): string | undefined {
    const child = this.sessions.get(childSessionId);
    const turn = child?.turns[0];
    return turn && this.participantIndex.has(turn.participantId) ? turn.participantId : undefined;
  }

  /** Whether the cues so far end with a hand-off, or a hand-off and the prompt it led to. */
  private justHandedOver(): boolean {
    const [before, last] = this.drafts.slice(-2);
    return last?.kind === 'conch' || (before?.kind === 'conch' && last?.kind === 'prompt');
  }

  private isGuest(participantId: string): boolean {
    const i = this.participantIndex.get(participantId);
    return i !== undefined && this.participants[i]!.kind === 'guest';
  }

  /**
   * A guest's credits come from its whole session, not from the cues shown of it (a subagent's
   * work is shown in part): every tool call, file, line written, token and model.
   */
  private creditGuest(childSessionId: string, guest: string): void {
    const child = this.sessions.get(childSessionId);
    if (!child) return;
    const row = this.credit(guest);
    const touched = this.filesByParticipant.get(guest) ?? new Set<string>();
    for (const turn of child.turns) {
      row.turns += 1;
      row.tokens += turn.tokens.input + turn.tokens.output + turn.tokens.reasoning;
      row.cost += turn.cost;
      for (const m of turn.models) if (!row.models.includes(m)) row.models.push(m);
      for (const ev of turn.events) {
        if (ev.kind === 'tool') row.toolCalls += 1;
        if (ev.kind === 'file-change') {
          touched.add(ev.relPath);
          row.linesWritten += linesIn(ev);
        }
      }
    }
    this.filesByParticipant.set(guest, touched);
  }

  private addGuestWork(childSessionId: string, chapter: number, guest: string): void {
    const child = this.sessions.get(childSessionId);
    if (!child) return;
    const events = child.turns.flatMap((t) => t.events);
    this.addEvents(events, chapter, guest, GUEST_CUE_LIMIT);
  }

  /** Assign times: paced lengths (or recorded gaps), divided by speed. */
  private workflowOf(cues: Cue[]): TimelineWorkflow {
    const flow = this.rec.workflow ?? [];
    const index = new Map(flow.map((n, i) => [n.sessionId, i]));
    const nodes = flow.map((n) => ({
      sessionId: n.sessionId, label: n.label, link: n.link, depth: n.depth, played: n.played,
      ...(n.fromSessionId && index.has(n.fromSessionId) ? { parent: index.get(n.fromSessionId)! } : {}),
    }));
    const spans = this.sessionDrafts
      .filter((d) => d.to > d.from && index.has(d.sessionId))
      .map((d) => ({ node: index.get(d.sessionId)!, start: cues[d.from]!.start, end: cues[d.to - 1]!.end }));
    return { nodes, spans };
  }

  private assemble(): Timeline {
    const { speed, realTime, maxIdle } = this.pacing;
    const cues: Cue[] = [];
    let t = 0;
    for (let i = 0; i < this.drafts.length; i++) {
      const { seconds, at, ...cue } = this.drafts[i]!;
      let length = seconds;
      if (realTime && at !== undefined) {
        const next = this.drafts.slice(i + 1).find((d) => d.at !== undefined)?.at;
        length = pace.clamp(next === undefined ? seconds : (next - at) / 1000, 0.3, maxIdle);
      }
      length /= speed;
      const start = t;
      const scale = length / Math.max(1e-9, seconds);
      const timed = 'pages' in cue && cue.pages
        ? { ...cue, pages: cue.pages.map((p) => ({ ...p, typed: pace.roundTime(start + p.typed * scale), end: pace.roundTime(start + p.end * scale) })) }
        : cue;
      cues.push({ ...timed, start: pace.roundTime(t), end: pace.roundTime(t + length) } as Cue);
      t += length;
    }
    const duration = pace.roundTime(t);
    for (const cue of cues) {
      if (cue.kind === 'file') this.files[cue.file]!.versions[cue.version]!.time = cue.start;
    }
    const chapters: Chapter[] = this.chapterDrafts.map(({ from, to, ...c }) => {
      // A conch pass leading into a turn belongs to that turn's chapter.
      const first = from > 0 && cues[from - 1]?.kind === 'conch' ? from - 1 : from;
      return { ...c, start: cues[first]?.start ?? 0, end: cues[to - 1]?.end ?? cues[first]?.end ?? 0, cues: [first, to] };
    });
    this.markStagePresence(cues, duration);
    const models = distinctModels(this.rec);
    const credits = this.participants
      .map((p) => {
        const row = this.credit(p.id);
        row.files = this.filesByParticipant.get(p.id)?.size ?? 0;
        return row;
      })
      .filter((r) => r.turns > 0 || r.toolCalls > 0 || r.files > 0);
    return {
      duration,
      pacing: this.pacing,
      meta: {
        title: this.rec.party?.title ?? this.rec.title,
        topic: this.rec.party?.topic,
        date: this.rec.party?.date ?? (this.rec.start ? new Date(this.rec.start).toISOString() : undefined),
        format: this.rec.format,
        party: this.party,
        roster: this.rec.party?.participants.map((m) => this.nameOf(`entity:${m.handle}`)) ?? [],
      },
      participants: this.participants,
      models,
      chapters,
      cues,
      files: this.files,
      credits,
      ...(this.rec.workflow ? { workflow: this.workflowOf(cues) } : {}),
      totals: {
        tokens: this.rec.tokens.input + this.rec.tokens.output + this.rec.tokens.reasoning,
        cost: this.rec.cost,
        unpricedModels: unpricedModels(this.rec.sessions.flatMap((s) => s.turns)),
        turns: chapters.length,
        files: this.files.length,
      },
    };
  }

  /**
   * Each participant enters the stage at their first cue and leaves after their last. An entity
   * that signs out steps back when its sign-out has been shown, and comes back when the conch
   * comes to it again.
   */
  private markStagePresence(cues: Cue[], duration: number): void {
    const first = new Map<string, number>();
    const last = new Map<string, number>();
    const spans = new Map<string, Array<{ enter: number; exit: number }>>();
    const away = new Set<string>();
    for (const c of cues) {
      const ids = c.kind === 'conch' ? [c.from, c.to] : c.participantId ? [c.participantId] : [];
      for (const id of ids) {
        if (!first.has(id)) first.set(id, c.start);
        last.set(id, c.end);
        // The giver of a pass is still leaving; everyone else named by a cue is back.
        if (c.kind === 'conch' && id === c.from) continue;
        const list = spans.get(id) ?? [];
        if (!list.length || away.has(id)) list.push({ enter: c.start, exit: duration });
        away.delete(id);
        spans.set(id, list);
      }
      if (c.kind === 'notice' && c.what === 'sign-out' && c.participantId) {
        const list = spans.get(c.participantId);
        if (list?.length) list[list.length - 1]!.exit = c.end;
        away.add(c.participantId);
      }
    }
    for (const p of this.participants) {
      const isGuest = p.kind === 'guest';
      // Main speakers stay at the table until the credits; guests leave when their work is done.
      p.enter = first.get(p.id) ?? duration;
      p.exit = isGuest ? (last.get(p.id) ?? duration) : duration;
      const own = spans.get(p.id);
      if (!isGuest && own && (own.length > 1 || own[0]!.exit < duration)) p.spans = own;
    }
  }
}

/** The turn's final message stays whole on screen for FINAL_HOLD before anything moves on. */
function holdFinalMessage(draft: DraftCue): void {
  const last = draft.kind === 'text' ? draft.pages?.[draft.pages.length - 1] : undefined;
  if (!last) return;
  const extra = Math.max(0, pace.FINAL_HOLD - (last.end - last.typed));
  last.end += extra;
  draft.seconds += extra;
}

/** The run a draft can join, if any: not a guest's call, not a card that is already a run. */
function runOf(d: DraftCue): 'lookup' | 'command' | undefined {
  return d.kind === 'tool' && !d.guestId && !d.items ? runKind(d.tool, d.isError) : undefined;
}

/**
 * A run of two or more lookups, or of commands, by one speaker becomes one card that fills as it
 * plays ("read 6 files", "ran 3 commands"); each call stays an item of it, so the transcript and
 * search still find them.
 */
function groupRuns(drafts: DraftCue[]): DraftCue[] {
  const out: DraftCue[] = [];
  for (let i = 0; i < drafts.length; ) {
    const first = drafts[i]!;
    const kind = runOf(first);
    let j = i + 1;
    if (kind) while (j < drafts.length && runOf(drafts[j]!) === kind && drafts[j]!.participantId === first.participantId) j++;
    if (j - i < 2 || !kind) {
      out.push(first);
      i = j;
      continue;
    }
    const run = drafts.slice(i, j) as Array<DraftOf<'tool'> & DraftCue>;
    const head = run[0]!;
    const items = run.map((d) => ({ tool: d.tool, title: d.title, isError: d.isError, sourceId: d.sourceId }));
    const title = lookupTitle(items.map((it) => it.tool));
    const failed = items.filter((it) => it.isError).length;
    out.push({
      ...head, title, items, status: failed === items.length ? 'error' : 'completed', isError: failed === items.length,
      durationMs: run.reduce((sum, d) => sum + (d.durationMs ?? 0), 0),
      summary: items.map((it) => it.title),
      label: `${title}: ${oneLine(items.map((it) => it.title).join(', '), 140)}`,
      seconds: pace.lookupGroupSeconds(items.length),
    });
    i = j;
  }
  return out;
}

/** How each kind of protocol finding reads on the badge. */
const FLAG_LABELS: Record<FindingKind, string> = {
  unsigned: 'unsigned',
  'incomplete-provenance': 'incomplete provenance',
  'no-sign-out': 'no sign-out',
  'entity-mismatch': 'entity mismatch',
  'model-mismatch': 'model mismatch',
  'not-in-primer': 'not in PRIMER',
};

/** The badge shows what `playback check` finds for the turn: one set of rules, two views. */
function badgeFor(turn: Turn, entity: string, party: boolean, findings: Finding[]): ProvenanceBadge {
  const sig = turn.attribution?.signature;
  if (!turn.attribution || !party) return { entity, flags: [], party: false };
  const flags = findings.flatMap((f) =>
    // Name the missing fields: "no host" says more than "incomplete provenance".
    f.kind === 'incomplete-provenance' && sig?.missing.length ? sig.missing.map((field) => `no ${field}`) : [FLAG_LABELS[f.kind]],
  );
  return { entity, signedAt: sig?.signedAt, host: sig?.host, user: sig?.user, signedModel: sig?.model, flags: [...new Set(flags)], party: true };
}

function distinctModels(rec: Recording): TimelineModel[] {
  const ids: string[] = [];
  for (const s of rec.sessions) for (const t of s.turns) for (const m of t.models) if (!ids.includes(m)) ids.push(m);
  // Colours with the user's overrides applied come with the recording; the registry is the fallback.
  return ids.map((id) => ({ id, ...(rec.modelStyles?.[id] ?? modelInfo(id)) }));
}

function toolTitle(tool: string, title: string | undefined, input: unknown): string {
  if (title) return title;
  const i = (input ?? {}) as Record<string, unknown>;
  const pick = ['command', 'filePath', 'file_path', 'path', 'pattern', 'url', 'description', 'query', 'prompt']
    .map((k) => i[k])
    .find((v): v is string => typeof v === 'string' && v.length > 0);
  return pick ?? tool;
}

/** Lines a change writes, counted from the change alone (no file state). */
function linesIn(ev: Extract<RecEvent, { kind: 'file-change' }>): number {
  const count = (text: string | undefined) => (text ? text.replace(/\n$/, '').split('\n').length : 0);
  if (ev.op === 'write') return count(ev.content);
  if (ev.op === 'edit') return count(ev.newString);
  return (ev.patch ?? '').split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
}

