// Type sizes with a legible minimum. Every text role has a design size in stage units (its size
// on a 1280x720 stage) and a floor in the viewer's pixels (CSS px): however small the stage is
// seen, prose stays at least 14 px and labels 11 px. Where a floor lifts a role, its text grows
// by that factor, and the regions that hold it grow with it (see layoutFor).

import { TEXT_METRICS } from '../timeline/pages.js';

/** What a piece of text is, for its size: each role has its own floor. */
export type TextRole = 'prose' | 'heading' | 'code' | 'label' | 'mono';

/** The role's usual size on a 1280x720 stage: a role's texts all grow by its factor. */
export const DESIGN: Readonly<Record<TextRole, number>> = { prose: 17, heading: 17, code: 13.5, label: 13, mono: 13 };

/** Line height per unit of size, as the timeline plans its pages with (prose 25 at 17, code 19 at 13.5). */
export const LINE_HEIGHT = { prose: TEXT_METRICS.proseLine / DESIGN.prose, code: TEXT_METRICS.codeLine / DESIGN.code };

/** The least size a viewer sees each role at, in CSS px. */
export const FLOOR_PX: Record<TextRole, number> = { prose: 14, heading: 14, code: 12, label: 11, mono: 11 };

/** The most a short page's prose grows to where the work area has room (stacked shapes), in CSS px. */
const PROSE_MAX_PX = 20;

export interface TypeScale {
  /** Stage units per viewer (CSS) pixel. */
  unitsPerPx: number;
  /** How much each role is enlarged over its design size (1 where the design is legible already). */
  grow: Record<TextRole, number>;
  /** The size, in stage units, of a text of this role designed at `design` units. */
  size(role: TextRole, design?: number): number;
  /**
   * The factor a group of texts designed together (a tool card, a strip) is drawn at so that the
   * smallest of them reaches its floor: `[role, design size]` pairs.
   */
  lift(...texts: Array<[TextRole, number]>): number;
  /** The smallest and largest a page of text may be drawn, as factors of its set size. */
  minScale: number;
  maxScale: number;
}

/**
 * Device pixels per viewer pixel when the host does not say (a video, a frame): a stacked frame is
 * made for a phone held upright, seen across its 360 px width (a 1080 px wide video: 3); a
 * landscape one is seen as a 720p stage is (a 1920x1080 video: 1.5).
 */
export function defaultPixelRatio(width: number, height: number, landscape: boolean): number {
  return landscape ? height / 720 : width / 360;
}

/**
 * The type scale for a stage of `u` device pixels per unit, seen at `pixelRatio` device pixels per
 * viewer pixel. `roomy`: short pages may grow to fill the work area (the tall stacked shapes).
 */
export function typeScale(u: number, pixelRatio: number, roomy: boolean): TypeScale {
  const unitsPerPx = pixelRatio / u;
  const floor = (role: TextRole) => FLOOR_PX[role] * unitsPerPx;
  const grow = {} as Record<TextRole, number>;
  for (const role of Object.keys(DESIGN) as TextRole[]) grow[role] = Math.max(1, floor(role) / DESIGN[role]);
  const prose = DESIGN.prose * grow.prose;
  const code = DESIGN.code * grow.code;
  return {
    unitsPerPx,
    grow,
    size: (role, design = DESIGN[role]) => Math.max(design * grow[role], floor(role)),
    lift: (...texts) => Math.max(1, ...texts.map(([role, design]) => floor(role) / design)),
    // A page that does not fit shrinks, but never past either floor.
    minScale: Math.min(1, Math.max(floor('prose') / prose, floor('code') / code)),
    maxScale: roomy ? Math.max(1, (PROSE_MAX_PX * unitsPerPx) / prose) : 1,
  };
}
