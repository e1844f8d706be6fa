// The one way from a `<source>` to what is shown: read (ingest) → party-line attribution →
// look up passenger files and config (ingest) → identify → price → redact → cut titles → pace
// (timeline). Every command that outputs session content, and the library, go through
// `prepareSession` (or `prepareRecording`, for reports without a timeline), so no output can
// skip redaction; `redact: false` is the one explicit way out.
import { readRecording, type ReadOptions } from '../ingest/index.js';
import { readIdentityFiles } from '../ingest/identity-files.js';
import type { Recording } from '../recording/model.js';
import { attributeParty } from '../recording/party-line.js';
import { withCatalogPrices } from '../recording/price-catalog.js';
import { entityHandles, identifyParticipants } from '../recording/identify.js';
import { newReport, redactDeep, type RedactReport } from '../recording/redact.js';
import { shortenTitles } from '../recording/title.js';
import { timelineFor } from '../timeline/index.js';
import type { PacingOptions, Timeline } from '../timeline/model.js';
import { plural } from '../util/text.js';

export interface LoadOptions extends ReadOptions {
  /** Folder to look for entity folders (`.<handle>/passenger.json`) before $HOME. */
  entitiesDir?: string;
  /** Price tokens the log gives no cost for from the catalog (default true); a command that shows no cost skips loading it. */
  priced?: boolean;
}

export interface PrepareOptions extends LoadOptions {
  /** Apply the secret rules (default true). */
  redact?: boolean;
  /** More literal strings to redact, applied even with `redact: false`. */
  literals?: string[];
  pacing?: Partial<PacingOptions>;
}

export interface PreparedRecording {
  recording: Recording;
  redactions: RedactReport;
}

export interface PreparedSession extends PreparedRecording {
  timeline: Timeline;
}

/** Read, attribute, identify and price: the recording with its speakers named and coloured. */
async function identified(source: string, options: LoadOptions): Promise<Recording> {
  const rec = attributeParty(await readRecording(source, options));
  const named = identifyParticipants(rec, readIdentityFiles(rec, entityHandles(rec), { entitiesDir: options.entitiesDir }));
  return options.priced === false ? named : withCatalogPrices(named);
}

/** The recording, identified and redacted, titles cut after redaction. */
export async function prepareRecording(source: string, options: PrepareOptions = {}): Promise<PreparedRecording> {
  const redactions = newReport();
  const recording = await redactDeep(await identified(source, options), { patterns: options.redact !== false, literals: options.literals }, redactions);
  return { recording: shortenTitles(recording), redactions };
}

/** The recording, redacted, and its paced timeline. */
export async function prepareSession(source: string, options: PrepareOptions = {}): Promise<PreparedSession> {
  const prepared = await prepareRecording(source, options);
  return { ...prepared, timeline: await timelineFor(prepared.recording, options.pacing) };
}

/**
 * The recording identified but NOT redacted: for tests and counts that show no session text.
 * Anything shown goes through prepareRecording or prepareSession.
 */
export async function loadRecording(source: string, options: LoadOptions = {}): Promise<Recording> {
  return shortenTitles(await identified(source, options));
}

export function describeRedactions(report: RedactReport): string {
  if (!report.total) return 'no secrets found to redact';
  const kinds = Object.entries(report.counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return `redacted ${plural(report.total, 'secret')} (${kinds})`;
}
