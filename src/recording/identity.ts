// Participant identity: the colour and avatar every view uses for a speaker, so Juno is the
// same colour in the player, the video and the report. An entity's colour comes from its
// passenger file (`outfit.h`/`outfit.s`, or legacy `hue`/`saturation`/`brightness`); without
// one, and for agents and guests, it is a stable colour hashed from the handle or name.
import type { Participant, Recording } from './model.js';
import { hashColor, hslToHex, hsvToHex, hueOf, readableOnDark } from './color.js';

/** What the identity step needs from an entity's `passenger.json` (read by ingest/passenger.ts). */
export interface Passenger {
  handle: string;
  name?: string;
  role?: string;
  outfit?: { h?: number; s?: number };
  /** Legacy colour fields. */
  hue?: number;
  saturation?: number;
  brightness?: number;
  /** The avatar PNG as a data: URL, when the file was found. */
  avatar?: string;
}

/** Lightness used for outfit colours: the outfit gives hue and saturation only. */
const OUTFIT_LIGHTNESS = 62;
const USER_COLOR = '#c9d1d9';
const CLAUDE_COLOR = '#d97757';
/** Hash colours closer than this in hue to one already taken are moved along. */
const MIN_HUE_GAP = 24;

function finite(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** The colour a passenger file defines, if any. */
export function passengerColor(p: Passenger | undefined): string | undefined {
  if (!p) return undefined;
  if (p.outfit && finite(p.outfit.h)) {
    return readableOnDark(hslToHex(p.outfit.h, finite(p.outfit.s) ? p.outfit.s : 60, OUTFIT_LIGHTNESS));
  }
  if (finite(p.hue)) {
    const s = finite(p.saturation) ? p.saturation : 60;
    return readableOnDark(finite(p.brightness) ? hsvToHex(p.hue, s, p.brightness) : hslToHex(p.hue, s, OUTFIT_LIGHTNESS));
  }
  return undefined;
}

function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

/** A hashed colour, stepped by the golden angle until it is clear of the hues already taken. */
function distinctHashColor(key: string, taken: number[]): string {
  let color = hashColor(key);
  for (let step = 1; step < 8 && taken.some((h) => hueDistance(h, hueOf(color)) < MIN_HUE_GAP); step++) {
    color = hashColor(key, step * 137.5);
  }
  return color;
}

function hashKey(p: Participant): string {
  return p.handle ?? p.name.toLowerCase();
}

/**
 * Fill `color`, and for entities `name`, `role` and `avatar`, of every participant.
 * Colours already set are kept. Mutates and returns `rec`.
 */
export function applyIdentity(rec: Recording, passengers: Record<string, Passenger> = {}): Recording {
  const taken: number[] = [];
  // Fixed colours first, so the hashed ones steer clear of them.
  for (const p of rec.participants) {
    if (p.kind === 'entity' && p.handle) {
      const passenger = passengers[p.handle];
      if (passenger?.name) p.name = passenger.name;
      if (passenger?.role && !p.role) p.role = passenger.role;
      if (passenger?.avatar && !p.avatar) p.avatar = passenger.avatar;
      p.color ??= passengerColor(passenger);
    } else if (p.kind === 'user') {
      p.color ??= USER_COLOR;
    } else if (p.id === 'agent:claude' || (p.kind === 'agent' && p.name === 'Claude')) {
      p.color ??= CLAUDE_COLOR;
    }
    if (p.color && p.kind !== 'user') taken.push(hueOf(p.color));
  }
  for (const p of rec.participants) {
    if (p.color) continue;
    p.color = distinctHashColor(hashKey(p), taken);
    taken.push(hueOf(p.color));
  }
  return rec;
}
