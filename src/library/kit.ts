// One session → one publish kit: the parts are made into a staging folder, the manifest is
// written last, and the store puts the folder in place whole. The landscape MP4, the poster
// (a frame of the scene), chapter lines and the HTML player exist today; the portrait short and
// WebVTT captions are made here too once the shapes and captions exist (see PLANNED_PARTS).
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { playerHtml } from '../player/export-html.js';
import { drawFrame } from '../render/node-host.js';
import { renderVideo } from '../render/render-video.js';
import type { Recording } from '../recording/model.js';
import type { Timeline } from '../timeline/model.js';
import { formatClock } from '../util/text.js';
import { canonicalOptions, type KitOptions, type KitPart } from './kit-options.js';
import { readForKey, rendererVersion } from './job-key.js';
import { MANIFEST, type KitFile, type KitManifest, type KitMeta, type SessionKind } from './manifest.js';
import { prepareTimeline } from './prepare.js';
import type { LibrarySession } from './sources.js';
import type { KitStore } from './storage.js';

export const PART_FILES: Readonly<Record<KitPart, string>> = {
  mp4: 'video.mp4',
  html: 'player.html',
  poster: 'poster.png',
  chapters: 'chapters.txt',
};

/** A job as it travels to a pool process or over the queue: plain JSON. */
export interface KitJob {
  session: LibrarySession;
  options: KitOptions;
  /** The key the producer computed; the kit is keyed by what the renderer itself reads. */
  key?: string;
  /** On a queue: the job's id and attempt, recorded in the manifest. */
  job?: string;
  attempt?: number;
}

export type KitOutcome = 'written' | 'current' | 'already';

export interface KitResult {
  id: string;
  key: string;
  outcome: KitOutcome;
  seconds: number;
  /** Seconds of video made (0 without an MP4, or when nothing was rendered). */
  videoSeconds: number;
  meta: KitMeta;
}

export interface KitProgress {
  phase: 'reading' | 'player' | 'poster' | 'video' | 'storing';
  /** Frames, in the video phase. */
  done?: number;
  total?: number;
}

export interface KitRunOptions {
  signal?: AbortSignal;
  onProgress?: (p: KitProgress) => void;
}

export function sessionKind(recording: Recording, timeline: Timeline): SessionKind {
  if (timeline.meta.party || recording.party) return 'party';
  if (recording.sessions.length > 1 || timeline.participants.some((p) => p.kind === 'guest')) return 'agent';
  return 'single';
}

/** The middle of the first turn: the speaker at work, as `frame --at turn:1` draws it. */
export function posterTime(timeline: Timeline): number {
  const first = timeline.chapters[0];
  return first ? (first.start + first.end) / 2 : Math.min(timeline.duration, 2);
}

/** Chapter lines as video sites read them: `m:ss title`, the first at 0:00. */
export function chapterLines(timeline: Timeline, length: number): string {
  const lines = [`0:00 ${timeline.meta.title.replace(/\s+/g, ' ').trim() || 'Title'}`];
  for (const ch of timeline.chapters) {
    if (ch.start >= length) break;
    lines.push(`${formatClock(ch.start)} Turn ${ch.turn + 1}: ${ch.entity}`);
  }
  return `${lines.join('\n')}\n`;
}

function metaOf(session: LibrarySession, recording: Recording, timeline: Timeline, length: number, redactions: number): KitMeta {
  const last = recording.end || recording.start || session.date;
  return {
    title: timeline.meta.title || session.title,
    kind: sessionKind(recording, timeline),
    format: recording.format,
    participants: timeline.participants.map((p) => ({ name: p.name, kind: p.kind, color: p.color })),
    models: timeline.models.map((m) => ({ id: m.id, label: m.label, color: m.color })),
    turns: timeline.totals.turns,
    files: timeline.totals.files,
    length,
    date: last > 0 ? new Date(last).toISOString() : null,
    source: session.sessionId ? `${session.source} (${session.sessionId})` : session.source,
    redactions,
  };
}

function writePart(dir: string, file: string, data: string | Uint8Array): KitFile {
  writeFileSync(join(dir, file), data);
  return { file, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.length };
}

/** Avatars as files beside the manifest: the gallery shows them without inlining each one again. */
function writeAvatars(dir: string, timeline: Timeline, meta: KitMeta): void {
  timeline.participants.forEach((p, i) => {
    const m = /^data:image\/png;base64,(.+)$/.exec(p.avatar ?? '');
    if (!m) return;
    const file = `avatar-${i}.png`;
    writeFileSync(join(dir, file), Buffer.from(m[1]!, 'base64'));
    meta.participants[i]!.avatar = file;
  });
}

/**
 * Make the session's kit, unless the kit in place already has this key. A failure (unreadable
 * session, render error, abort) throws; the staged folder is dropped and nothing is in place.
 */
export async function makeKit(job: KitJob, store: KitStore, run: KitRunOptions = {}): Promise<KitResult> {
  const started = performance.now();
  const { session } = job;
  const options = canonicalOptions(job.options);
  run.onProgress?.({ phase: 'reading' });
  const { key } = await readForKey(session, options);
  const seconds = () => (performance.now() - started) / 1000;
  const inPlace = store.manifest(session.id);
  if (inPlace?.key === key) return { id: session.id, key, outcome: 'current', seconds: seconds(), videoSeconds: 0, meta: inPlace.meta };

  const { recording, timeline, redactions } = await prepareTimeline(session.source, {
    sessionId: session.sessionId, entitiesDir: options.entitiesDir, redact: options.redact, literals: options.literals,
    pacing: { speed: options.speed },
  });
  const length = Math.min(timeline.duration, options.to ?? Infinity);
  const meta = metaOf(session, recording, timeline, length, redactions.total);
  const staged = store.stage(session.id);
  try {
    const parts: KitManifest['parts'] = {};
    writeAvatars(staged, timeline, meta);
    if (options.parts.includes('html')) {
      run.onProgress?.({ phase: 'player' });
      parts.html = writePart(staged, PART_FILES.html, await playerHtml(timeline));
    }
    if (options.parts.includes('poster')) {
      run.onProgress?.({ phase: 'poster' });
      const stage = await drawFrame(timeline, posterTime(timeline), { width: options.width, height: options.height });
      parts.poster = writePart(staged, PART_FILES.poster, stage.png());
    }
    if (options.parts.includes('chapters')) parts.chapters = writePart(staged, PART_FILES.chapters, chapterLines(timeline, length));
    let videoSeconds = 0;
    if (options.parts.includes('mp4')) {
      const output = join(staged, PART_FILES.mp4);
      const video = await renderVideo({
        timeline, output, width: options.width, height: options.height, fps: options.fps, quality: options.quality,
        to: length, signal: run.signal,
        onProgress: (done, total) => run.onProgress?.({ phase: 'video', done, total }),
      });
      videoSeconds = video.duration;
      parts.mp4 = { file: PART_FILES.mp4, bytes: video.bytes };
    }
    run.onProgress?.({ phase: 'storing' });
    const manifest: KitManifest = {
      id: session.id, key, renderer: rendererVersion(), options, parts, meta,
      made: {
        at: new Date().toISOString(), host: hostname(), pid: process.pid, seconds: Math.round(seconds() * 100) / 100,
        ...(job.job ? { job: job.job } : {}), ...(job.attempt !== undefined ? { attempt: job.attempt } : {}),
      },
    };
    writeFileSync(join(staged, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const outcome = store.commit(session.id, staged);
    return { id: session.id, key, outcome, seconds: seconds(), videoSeconds, meta };
  } catch (err) {
    store.discard(staged);
    throw err;
  }
}
