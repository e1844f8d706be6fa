// The frame size of every command that draws: a preset shape, an exact --size, or a --width or
// --height alone that keeps the preset's ratio. Sizes too small to read are bad usage.
import { numberOption, stringOption, UsageError, type CommandContext, type OptionSpec } from './command.js';

/** The shapes a video is posted in, at the sizes the feeds take. */
export const PRESETS = {
  landscape: { width: 1920, height: 1080 },
  portrait: { width: 1080, height: 1920 },
  square: { width: 1080, height: 1080 },
  feed: { width: 1080, height: 1350 },
} as const;
export type Preset = keyof typeof PRESETS;

/** Below this on its shorter side a frame's smallest text is under about 6 px: not worth drawing. */
export const MIN_SHORT_SIDE = 360;
const MAX_WIDTH = 7680;
const MAX_HEIGHT = 7680;

export const sizeOptions: OptionSpec = {
  preset: { type: 'string' },
  size: { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
};

export function sizeUsage(defaultSize: string): string {
  return `  --preset <shape>      landscape | portrait | square | feed (1920x1080, 1080x1920, 1080x1080, 1080x1350)
  --size <WxH>          an exact frame size, such as 1080x1920 (default ${defaultSize})
  --width <px>          the width; alone, the height follows the preset's ratio (16:9 without one)
  --height <px>         the height; alone, the width follows the preset's ratio`;
}

export interface FrameSize {
  width: number;
  height: number;
}

/**
 * The frame size the options ask for, `fallback` when they ask nothing. `even` (yuv420p video)
 * rounds a size derived from a ratio to even pixels; sizes given exactly are checked elsewhere.
 */
export function frameSizeFrom(ctx: CommandContext, fallback: FrameSize, even = false): FrameSize {
  const presetName = stringOption(ctx, 'preset');
  if (presetName !== undefined && !(presetName in PRESETS)) {
    throw new UsageError(`--preset takes ${Object.keys(PRESETS).join(', ')}, not "${presetName}"`);
  }
  const preset = presetName ? PRESETS[presetName as Preset] : undefined;
  const sizeText = stringOption(ctx, 'size');
  const width = numberOption(ctx, 'width', 1, MAX_WIDTH);
  const height = numberOption(ctx, 'height', 1, MAX_HEIGHT);
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (v !== undefined && !Number.isInteger(v)) throw new UsageError(`--${name} takes whole pixels, not ${v}`);
  }
  let size: FrameSize;
  if (sizeText !== undefined) {
    if (width !== undefined || height !== undefined || preset) throw new UsageError('--size gives the whole frame: leave out --preset, --width and --height');
    const m = /^(\d+)x(\d+)$/i.exec(sizeText.trim());
    if (!m) throw new UsageError(`--size takes WIDTHxHEIGHT such as 1080x1920, not "${sizeText}"`);
    size = { width: Number(m[1]), height: Number(m[2]) };
  } else {
    const ratio = preset ?? { width: 16, height: 9 };
    const round = (n: number) => (even ? Math.max(2, 2 * Math.round(n / 2)) : Math.max(1, Math.round(n)));
    if (width !== undefined && height !== undefined) size = { width, height };
    else if (width !== undefined) size = { width, height: round((width * ratio.height) / ratio.width) };
    else if (height !== undefined) size = { width: round((height * ratio.width) / ratio.height), height };
    else size = preset ? { ...preset } : fallback;
  }
  const problem = sizeTooSmall(size) ?? sizeTooLarge(size);
  if (problem) throw new UsageError(problem);
  return size;
}

function sizeTooSmall({ width, height }: FrameSize): string | undefined {
  if (Math.min(width, height) >= MIN_SHORT_SIDE) return undefined;
  const scale = MIN_SHORT_SIDE / Math.min(width, height);
  const w = 2 * Math.ceil((width * scale) / 2);
  const h = 2 * Math.ceil((height * scale) / 2);
  return `${width}x${height} is too small to read: the shorter side needs at least ${MIN_SHORT_SIDE} px; try --size ${w}x${h}`;
}

function sizeTooLarge({ width, height }: FrameSize): string | undefined {
  if (width <= MAX_WIDTH && height <= MAX_HEIGHT) return undefined;
  return `${width}x${height} is larger than ${MAX_WIDTH}x${MAX_HEIGHT}; try --preset landscape or --preset portrait`;
}
