// Stylised 256×256 portraits, one per entity, drawn in the entity's outfit hue: a face,
// a hair style and an emblem that say something about the entity's role.
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Entity } from './screenplay.js';

const SIZE = 256;

type Ctx = SKRSContext2D;

function hsl(h: number, s: number, l: number, a = 1): string {
  return `hsla(${h}, ${s}%, ${l}%, ${a})`;
}

export function drawAvatar(entity: Entity): Buffer {
  const canvas = createCanvas(SIZE, SIZE);
  const ctx = canvas.getContext('2d');
  const { h, s } = entity.outfit;
  const style = entity.avatar;
  const hair = hsl((h + 330) % 360, Math.min(45, s), 20);

  background(ctx, h, s);
  if (style.hair === 'long' || style.hair === 'bob') hairBack(ctx, style.hair, hair);
  shoulders(ctx, h, s);
  // neck
  ctx.fillStyle = shade(style.skin, -0.12);
  ctx.fillRect(110, 150, 36, 40);
  head(ctx, style.skin);
  face(ctx, style.skin);
  hairFront(ctx, style.hair, hair);
  emblem(ctx, style.emblem, h, s);
  return canvas.toBuffer('image/png');
}

function background(ctx: Ctx, h: number, s: number): void {
  const g = ctx.createRadialGradient(128, 96, 10, 128, 128, 190);
  g.addColorStop(0, hsl(h, s, 72));
  g.addColorStop(1, hsl(h, s, 38));
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, SIZE, SIZE);
  // soft rings behind the head
  ctx.strokeStyle = hsl(h, s, 85, 0.25);
  ctx.lineWidth = 6;
  for (const r of [92, 116, 140]) {
    ctx.beginPath();
    ctx.arc(128, 112, r, 0, Math.PI * 2);
    ctx.stroke();
  }
}

function shoulders(ctx: Ctx, h: number, s: number): void {
  ctx.fillStyle = hsl(h, s, 26);
  ctx.beginPath();
  ctx.moveTo(36, 256);
  ctx.bezierCurveTo(40, 200, 80, 180, 128, 180);
  ctx.bezierCurveTo(176, 180, 216, 200, 220, 256);
  ctx.closePath();
  ctx.fill();
  // collar
  ctx.fillStyle = hsl(h, s, 40);
  ctx.beginPath();
  ctx.moveTo(104, 182);
  ctx.lineTo(128, 214);
  ctx.lineTo(152, 182);
  ctx.closePath();
  ctx.fill();
}

function head(ctx: Ctx, skin: string): void {
  ctx.fillStyle = skin;
  ctx.beginPath();
  ctx.ellipse(128, 110, 50, 58, 0, 0, Math.PI * 2);
  ctx.fill();
  // ears
  ctx.beginPath();
  ctx.ellipse(78, 116, 8, 13, 0, 0, Math.PI * 2);
  ctx.ellipse(178, 116, 8, 13, 0, 0, Math.PI * 2);
  ctx.fill();
}

function face(ctx: Ctx, skin: string): void {
  // eyes
  ctx.fillStyle = '#2b2233';
  for (const x of [108, 148]) {
    ctx.beginPath();
    ctx.ellipse(x, 112, 6, 8, 0, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.fillStyle = '#ffffff';
  for (const x of [110, 150]) {
    ctx.beginPath();
    ctx.arc(x, 109, 2.2, 0, Math.PI * 2);
    ctx.fill();
  }
  // brows
  ctx.strokeStyle = shade(skin, -0.55);
  ctx.lineWidth = 3.5;
  ctx.lineCap = 'round';
  for (const x of [108, 148]) {
    ctx.beginPath();
    ctx.arc(x, 104, 11, Math.PI * 1.2, Math.PI * 1.8);
    ctx.stroke();
  }
  // cheeks
  ctx.fillStyle = 'rgba(235, 110, 120, 0.28)';
  for (const x of [96, 160]) {
    ctx.beginPath();
    ctx.ellipse(x, 132, 10, 6, 0, 0, Math.PI * 2);
    ctx.fill();
  }
  // nose and smile
  ctx.strokeStyle = shade(skin, -0.3);
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.moveTo(128, 118);
  ctx.quadraticCurveTo(132, 128, 126, 130);
  ctx.stroke();
  ctx.strokeStyle = '#8a3b45';
  ctx.lineWidth = 4;
  ctx.beginPath();
  ctx.arc(128, 134, 14, Math.PI * 0.2, Math.PI * 0.8);
  ctx.stroke();
}

function hairBack(ctx: Ctx, style: 'long' | 'bob', color: string): void {
  ctx.fillStyle = color;
  ctx.beginPath();
  if (style === 'long') {
    ctx.moveTo(70, 100);
    ctx.bezierCurveTo(60, 160, 58, 210, 76, 226);
    ctx.lineTo(180, 226);
    ctx.bezierCurveTo(198, 210, 196, 160, 186, 100);
  } else {
    ctx.moveTo(72, 100);
    ctx.bezierCurveTo(66, 130, 68, 160, 80, 168);
    ctx.lineTo(176, 168);
    ctx.bezierCurveTo(188, 160, 190, 130, 184, 100);
  }
  ctx.closePath();
  ctx.fill();
}

function hairFront(ctx: Ctx, style: Entity['avatar']['hair'], color: string): void {
  ctx.fillStyle = color;
  // the cap over the top of the head, common to every style
  ctx.beginPath();
  ctx.ellipse(128, 84, 56, 40, 0, Math.PI, Math.PI * 2);
  ctx.fill();
  switch (style) {
    case 'bun':
      ctx.beginPath();
      ctx.arc(128, 40, 22, 0, Math.PI * 2);
      ctx.fill();
      ctx.beginPath();
      ctx.moveTo(72, 88);
      ctx.quadraticCurveTo(110, 60, 184, 88);
      ctx.quadraticCurveTo(150, 74, 72, 88);
      ctx.fill();
      break;
    case 'bob':
      // a straight fringe
      ctx.beginPath();
      ctx.moveTo(74, 84);
      ctx.lineTo(182, 84);
      ctx.lineTo(178, 98);
      ctx.quadraticCurveTo(128, 88, 78, 98);
      ctx.closePath();
      ctx.fill();
      break;
    case 'long':
      // a side parting sweeping across the forehead
      ctx.beginPath();
      ctx.moveTo(72, 100);
      ctx.quadraticCurveTo(96, 60, 150, 62);
      ctx.quadraticCurveTo(120, 76, 90, 106);
      ctx.closePath();
      ctx.fill();
      break;
    case 'crop':
      // short spikes
      for (let i = 0; i < 7; i += 1) {
        const x = 80 + i * 16;
        ctx.beginPath();
        ctx.moveTo(x - 10, 78);
        ctx.lineTo(x, 52 - (i % 2) * 6);
        ctx.lineTo(x + 10, 78);
        ctx.closePath();
        ctx.fill();
      }
      break;
  }
}

function emblem(ctx: Ctx, kind: Entity['avatar']['emblem'], h: number, s: number): void {
  switch (kind) {
    case 'laurel': {
      // a golden wreath across the brow
      ctx.fillStyle = '#e8c24a';
      ctx.strokeStyle = '#b8902a';
      ctx.lineWidth = 2;
      for (const side of [-1, 1]) {
        for (let i = 0; i < 5; i += 1) {
          const x = 128 + side * (14 + i * 10);
          const y = 66 + i * i * 1.6;
          ctx.beginPath();
          ctx.ellipse(x, y, 8, 4, side * (0.5 + i * 0.18), 0, Math.PI * 2);
          ctx.fill();
          ctx.stroke();
        }
      }
      break;
    }
    case 'wave': {
      // a wave pendant on the outfit
      ctx.strokeStyle = hsl(h, s, 88);
      ctx.lineWidth = 5;
      ctx.lineCap = 'round';
      for (const dy of [0, 12]) {
        ctx.beginPath();
        ctx.moveTo(96, 230 + dy);
        for (let i = 0; i < 4; i += 1) {
          ctx.quadraticCurveTo(104 + i * 16, 220 + dy, 112 + i * 16, 230 + dy);
        }
        ctx.stroke();
      }
      break;
    }
    case 'spectacles': {
      ctx.strokeStyle = '#1f2a24';
      ctx.lineWidth = 4;
      for (const x of [108, 148]) {
        ctx.beginPath();
        ctx.arc(x, 112, 15, 0, Math.PI * 2);
        ctx.stroke();
      }
      ctx.beginPath();
      ctx.moveTo(123, 110);
      ctx.quadraticCurveTo(128, 105, 133, 110);
      ctx.moveTo(93, 108);
      ctx.lineTo(80, 104);
      ctx.moveTo(163, 108);
      ctx.lineTo(176, 104);
      ctx.stroke();
      // a hairband
      ctx.strokeStyle = hsl(h, s, 55);
      ctx.lineWidth = 7;
      ctx.beginPath();
      ctx.ellipse(128, 84, 54, 38, 0, Math.PI * 1.05, Math.PI * 1.95);
      ctx.stroke();
      break;
    }
    case 'flame': {
      // a flame brooch on the outfit
      const g = ctx.createLinearGradient(0, 200, 0, 250);
      g.addColorStop(0, '#ffe07a');
      g.addColorStop(1, '#ff7a2e');
      ctx.fillStyle = g;
      ctx.beginPath();
      ctx.moveTo(168, 250);
      ctx.bezierCurveTo(148, 246, 150, 222, 164, 206);
      ctx.bezierCurveTo(164, 220, 172, 222, 174, 214);
      ctx.bezierCurveTo(186, 226, 188, 246, 168, 250);
      ctx.closePath();
      ctx.fill();
      break;
    }
    case 'wheat': {
      // an ear of wheat on the outfit
      ctx.strokeStyle = '#f1d27a';
      ctx.fillStyle = '#f1d27a';
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(166, 252);
      ctx.lineTo(166, 204);
      ctx.stroke();
      for (let i = 0; i < 4; i += 1) {
        for (const side of [-1, 1]) {
          ctx.beginPath();
          ctx.ellipse(166 + side * 6, 212 + i * 10, 6, 3.5, side * -0.7, 0, Math.PI * 2);
          ctx.fill();
        }
      }
      break;
    }
  }
}

/** Lighten (amount > 0) or darken (amount < 0) a #rrggbb colour. */
function shade(hex: string, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (v: number): number =>
    Math.round(amount < 0 ? v * (1 + amount) : v + (255 - v) * amount);
  const r = channel((n >> 16) & 255);
  const g = channel((n >> 8) & 255);
  const b = channel(n & 255);
  return `rgb(${r}, ${g}, ${b})`;
}
