// `playback timeline <source> [--json]`: the paced timeline: duration, chapters and cues.
import { requireOneSource, type Command } from '../command.js';
import type { Cue, Timeline } from '../../timeline/model.js';
import { formatClock } from '../../util/text.js';
import { fitFrom, fitOptions, FIT_USAGE } from '../fit-option.js';
import { sessionFrom, redactionOptions, REDACTION_USAGE } from '../session-timeline.js';
import { pacingFrom, pacingOptions, PACING_USAGE, printWarnings, sourceOptions, SOURCE_USAGE } from '../source-options.js';

const USAGE = `Usage: playback timeline <source> [--json] [options]

Pace a session into timed cues (what the player and the video show, and when).

  --json                print {duration, chapters: [{turn, entity, start, end}], cues: [{kind, start, end, ...}]}
${PACING_USAGE}
${FIT_USAGE}
${REDACTION_USAGE}
${SOURCE_USAGE}
`;

/** The JSON form: chapters with 1-based turn numbers, cues without their drawing payloads' bulk. */
export function timelineJson(timeline: Timeline): object {
  return {
    duration: timeline.duration,
    pacing: timeline.pacing,
    chapters: timeline.chapters.map((c) => ({ turn: c.turn + 1, entity: c.entity, participantId: c.participantId, start: c.start, end: c.end, models: c.models, flags: c.badge.flags })),
    cues: timeline.cues.map(compactCue),
    files: timeline.files.map((f) => ({ path: f.path, versions: f.versions.length, lines: f.versions[f.versions.length - 1]?.lineCount ?? 0 })),
    ...(timeline.workflow ? { workflow: timeline.workflow } : {}),
  };
}

function compactCue(cue: Cue): object {
  const base = { kind: cue.kind, start: cue.start, end: cue.end, turn: cue.chapter >= 0 ? cue.chapter + 1 : null, participantId: cue.participantId, label: cue.label };
  switch (cue.kind) {
    case 'tool':
      return { ...base, tool: cue.tool, status: cue.status, ...(cue.phase ? { phase: cue.phase } : {}) };
    case 'file':
      return { ...base, file: cue.file, op: cue.op };
    case 'conch':
      return { ...base, from: cue.from, to: cue.to };
    case 'notice':
      return { ...base, tone: cue.tone, what: cue.what };
    case 'session':
      return { ...base, sessionId: cue.sessionId, link: cue.link, detail: cue.detail };
    case 'text':
      // When each page is typed on and when it gives way: a page is whole on screen from `typed` to `end`.
      return cue.pages && cue.pages.length > 1 ? { ...base, pages: cue.pages.map((p) => ({ typed: p.typed, end: p.end })) } : base;
    case 'prompt': {
      const paged = cue.pages && cue.pages.length > 1 ? { ...base, pages: cue.pages.map((p) => ({ typed: p.typed, end: p.end })) } : base;
      return cue.from === 'user' ? paged : { ...paged, from: cue.from };
    }
    default:
      return base;
  }
}

export const timeline: Command = {
  name: 'timeline',
  summary: 'show the paced timeline of a session: chapters (turns) and cues',
  usage: USAGE,
  options: { json: { type: 'boolean' }, ...pacingOptions, ...fitOptions, ...redactionOptions, ...sourceOptions },
  async run(ctx) {
    const prepared = await sessionFrom(ctx, requireOneSource(ctx), pacingFrom(ctx));
    const rec = prepared.recording;
    const { timeline: tl, fit } = fitFrom(ctx, prepared.timeline);
    printWarnings(ctx, rec);
    if (ctx.options.json) {
      ctx.stdout.write(`${JSON.stringify(fit ? { ...timelineJson(tl), fit } : timelineJson(tl), null, 2)}\n`);
      return 0;
    }
    ctx.stdout.write(`${tl.meta.title}\n${formatClock(tl.duration)} (${tl.duration.toFixed(1)} s), ${tl.chapters.length} turns, ${tl.cues.length} cues\n\n`);
    for (const ch of tl.chapters) {
      const flags = ch.badge.flags.length ? `  [${ch.badge.flags.join(', ')}]` : '';
      ctx.stdout.write(`  ${formatClock(ch.start).padStart(6)}  turn ${String(ch.turn + 1).padEnd(3)} ${ch.entity}  ${ch.models.join(', ')}${flags}\n`);
    }
    return 0;
  },
};
