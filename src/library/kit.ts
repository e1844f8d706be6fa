// One session → one publish kit: the parts are made into a staging folder, the manifest is
// written last, and the store puts the folder in place whole. Every part comes from the one
// prepared (redacted) timeline: the landscape MP4 (chapters inside), the portrait short (the
// timeline cut as --fit cuts), the HTML player, the poster (as --poster auto picks it), chapter
// lines for a video description, and WebVTT and SRT captions for the landscape video.
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { playerHtml } from '../player/export-html.js';
import { descriptionChapters, videoChapters } from '../render/chapters.js';
import { drawFrame } from '../render/node-host.js';
import { renderVideo } from '../render/render-video.js';
import type { Recording } from '../recording/model.js';
import { captionsFor, toSrt, toWebVtt } from '../timeline/captions.js';
import { fitTimeline } from '../timeline/fit.js';
import type { Timeline } from '../timeline/model.js';
import { autoPosterTime } from '../timeline/poster.js';
import { canonicalOptions, type KitOptions, type KitPart } from './kit-options.js';
import { readForKey, rendererVersion } from './job-key.js';
import { MANIFEST, type KitFile, type KitManifest, type KitMeta, type SessionKind } from './manifest.js';
import { prepareSession } from '../prepare/index.js';
import type { LibrarySession } from './sources.js';
import type { KitStore } from './storage.js';

export const PART_FILES: Readonly<Record<KitPart, string>> = {
  mp4: 'video.mp4',
  short: 'short.mp4',
  html: 'player.html',
  poster: 'poster.png',
  chapters: 'chapters.txt',
  vtt: 'video.vtt',
  srt: 'video.srt',
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
  phase: 'reading' | 'player' | 'poster' | 'video' | 'short' | 'storing';
  /** Frames, in the video and short phases. */
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

/** Chapter lines as video sites read them: `0:00 Title`, short chapters merged (render/chapters.ts). */
export function chapterLines(timeline: Timeline, length: number): string {
  return `${descriptionChapters(videoChapters(timeline, { from: 0, to: length })).lines.join('\n')}\n`;
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

  const { recording, timeline, redactions } = await prepareSession(session.source, {
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
      const stage = await drawFrame(timeline, autoPosterTime(timeline), { width: options.width, height: options.height });
      parts.poster = writePart(staged, PART_FILES.poster, stage.png());
    }
    if (options.parts.includes('chapters')) parts.chapters = writePart(staged, PART_FILES.chapters, chapterLines(timeline, length));
    const captions = options.parts.includes('vtt') || options.parts.includes('srt') ? captionsFor(timeline, { from: 0, to: length }) : [];
    if (options.parts.includes('vtt')) parts.vtt = writePart(staged, PART_FILES.vtt, toWebVtt(captions));
    if (options.parts.includes('srt')) parts.srt = writePart(staged, PART_FILES.srt, toSrt(captions));
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
    if (options.parts.includes('short')) {
      const short = await renderVideo({
        timeline: fitTimeline(timeline, options.shortLength).timeline, output: join(staged, PART_FILES.short),
        width: options.shortWidth, height: options.shortHeight, fps: options.fps, quality: options.quality, signal: run.signal,
        onProgress: (done, total) => run.onProgress?.({ phase: 'short', done, total }),
      });
      videoSeconds += short.duration;
      parts.short = { file: PART_FILES.short, bytes: short.bytes };
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
