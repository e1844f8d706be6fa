// A kit's manifest.json: what the kit holds and what the gallery shows of it. It is the last file
// written into a kit, so a kit folder with a manifest is a whole kit.
import type { KitOptions, KitPart } from './kit-options.js';

export const MANIFEST = 'manifest.json';

export type SessionKind = 'party' | 'agent' | 'single';

export interface KitParticipant {
  name: string;
  kind: string;
  color: string;
  /** The avatar's file in the kit, when the participant has one. */
  avatar?: string;
}

export interface KitMeta {
  title: string;
  kind: SessionKind;
  format: string;
  participants: KitParticipant[];
  models: Array<{ id: string; label: string; color: string }>;
  turns: number;
  files: number;
  /** Seconds of the video (or of the player, without one). */
  length: number;
  /** The session's last activity, ISO 8601, when known. */
  date: string | null;
  source: string;
  redactions: number;
}

export interface KitFile {
  file: string;
  bytes: number;
}

export interface KitManifest {
  id: string;
  key: string;
  renderer: string;
  options: KitOptions;
  parts: Partial<Record<KitPart, KitFile>>;
  meta: KitMeta;
  /** Who wrote the kit: one host, process and (on a queue) job attempt. */
  made: { at: string; host: string; pid: number; seconds: number; job?: string; attempt?: number };
}

export function parseManifest(text: string): KitManifest | undefined {
  try {
    const m = JSON.parse(text) as KitManifest;
    return m && typeof m.id === 'string' && typeof m.key === 'string' && m.meta && m.parts ? m : undefined;
  } catch {
    return undefined;
  }
}
