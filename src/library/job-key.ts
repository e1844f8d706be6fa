// The job key: a kit is current when it was made from the same session content, with the same
// options, by the same renderer. Content is the recording as read (before redaction), so any
// change a reader sees (a new message, a renamed entity, a new avatar) makes a new key.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Recording } from '../recording/model.js';
import { packagePath } from '../util/package-root.js';
import { canonicalOptions, type KitOptions } from './kit-options.js';
import { loadRecording } from '../prepare/index.js';
import type { LibrarySession } from './sources.js';

/**
 * Bumped when the kit's layout or how a part is made changes in a way the package version
 * would not show (between releases).
 */
const KIT_FORMAT = 3;

let version: string | undefined;

/** The renderer that makes the kits: the package version and the kit format. */
export function rendererVersion(): string {
  version ??= `${(JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version}+kit${KIT_FORMAT}`;
  return version;
}

export function contentHash(recording: Recording): string {
  return createHash('sha256').update(JSON.stringify(recording)).digest('hex');
}

export function jobKey(recording: Recording, options: KitOptions): string {
  return createHash('sha256')
    .update(contentHash(recording))
    .update('\0')
    .update(JSON.stringify(canonicalOptions(options)))
    .update('\0')
    .update(rendererVersion())
    .digest('hex')
    .slice(0, 32);
}

/** The session read as the key sees it: the recording before redaction and pacing. */
export async function readForKey(session: LibrarySession, options: KitOptions): Promise<{ recording: Recording; key: string }> {
  const recording = await loadRecording(session.source, { sessionId: session.sessionId, entitiesDir: options.entitiesDir, priced: false });
  return { recording, key: jobKey(recording, options) };
}
