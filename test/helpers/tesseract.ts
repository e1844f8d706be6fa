// Whether Debian's tesseract is here to read words off frames (the pretest step installs it).
import { execFileSync } from 'node:child_process';

export const HAS_TESSERACT = (() => {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

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
 * The words in a PNG as tesseract reads them (one block of text, page segmentation 11: sparse
 * text anywhere), with their boxes in the PNG's own pixels. The picture is enlarged `zoom` times
 * first: tesseract reads small text better, and boxes are measured finer.
 */
export function readWords(png: string, zoom = 3): ReadWord[] {
  const big = `${png}.ocr.png`;
  // Light text on the dark stage, turned dark on light: what tesseract is made for.
  execFileSync('convert', [png, '-resize', `${zoom * 100}%`, '-negate', '-colorspace', 'Gray', big]);
  const tsv = execFileSync('tesseract', [big, '-', '--psm', '11', 'tsv'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
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
