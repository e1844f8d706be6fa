// Words read off frames as a viewer would: Debian's tesseract (the pretest step installs it). The
// image is prepared here with @napi-rs/canvas (crop, enlarge, light-on-dark turned dark-on-light),
// so the tests need no image tool beyond the OCR itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';

export const HAS_TESSERACT = (() => {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export interface OcrOptions {
  /** The part of the image to read, in its pixels. */
  crop?: { x: number; y: number; w: number; h: number };
  /** Enlarge before reading (small type reads better at 2x). */
  scale?: number;
  /** Light text on the dark stage, turned into dark grey on light (about a third less work for tesseract). */
  negate?: boolean;
  /** tesseract's page segmentation mode (6: one block of text). */
  psm?: number;
}

/** The PNG cropped, enlarged and negated as asked, written to a temp folder for tesseract, then removed. */
async function withPrepared<T>(png: Buffer, options: OcrOptions, read: (file: string) => T): Promise<T> {
  const image = await loadImage(png);
  const crop = options.crop ?? { x: 0, y: 0, w: image.width, h: image.height };
  const scale = options.scale ?? 1;
  const canvas = createCanvas(Math.round(crop.w * scale), Math.round(crop.h * scale));
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, crop.x, crop.y, crop.w, crop.h, 0, 0, canvas.width, canvas.height);
  if (options.negate) {
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const px = data.data;
    for (let i = 0; i < px.length; i += 4) {
      const grey = 255 - Math.round(0.299 * px[i]! + 0.587 * px[i + 1]! + 0.114 * px[i + 2]!);
      px[i] = px[i + 1] = px[i + 2] = grey;
    }
    ctx.putImageData(data, 0, 0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'playback-ocr-'));
  try {
    const file = join(dir, 'frame.png');
    writeFileSync(file, canvas.toBuffer('image/png'));
    return read(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tesseract(file: string, options: OcrOptions, extra: string[] = []): string {
  const args = [file, '-', ...(options.psm ? ['--psm', String(options.psm)] : []), ...(options.negate ? ['-c', 'tessedit_do_invert=0'] : []), ...extra];
  return execFileSync('tesseract', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** The text tesseract reads on a PNG, after the preparation asked for. */
export async function ocrText(png: Buffer, options: OcrOptions = {}): Promise<string> {
  return withPrepared(png, options, (file) => tesseract(file, options));
}

/** A word tesseract read, with its box in the picture's pixels. */
export interface ReadWord {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  conf: number;
}

/**
 * The words in a PNG file as tesseract reads them (page segmentation 11: sparse text anywhere),
 * with their boxes in the PNG's own pixels. The picture is enlarged `zoom` times and negated
 * first: tesseract reads small dark-on-light text better, and boxes are measured finer.
 */
export async function readWords(png: string, zoom = 4): Promise<ReadWord[]> {
  const options: OcrOptions = { scale: zoom, negate: true, psm: 11 };
  const tsv = await withPrepared(readFileSync(png), options, (file) => tesseract(file, options, ['tsv']));
  const words: ReadWord[] = [];
  for (const line of tsv.split('\n').slice(1)) {
    const f = line.split('\t');
    if (f.length < 12 || f[0] !== '5' || !f[11]!.trim()) continue;
    words.push({ text: f[11]!.trim(), x: +f[6]! / zoom, y: +f[7]! / zoom, w: +f[8]! / zoom, h: +f[9]! / zoom, conf: +f[10]! });
  }
  return words;
}

/** A word reduced to what OCR is compared on: letters and digits, lower case. */
export function bare(word: string): string {
  return word.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
}

/** Words as a comparison wants them: lower case, letters and digits only, two characters or more. */
export function ocrWords(text: string): string[] {
  return text.split(/\s+/).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase()).filter((w) => w.length > 1);
}
