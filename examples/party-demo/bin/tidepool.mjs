#!/usr/bin/env node
// tidepool: print a day's tide table from one observed high tide.
import { parseArgs } from 'node:util';
import { heightAt, tideEvents } from '../src/tides.mjs';
import { formatDay } from '../src/format.mjs';

const HOUR_MS = 3600 * 1000;

const usage = `usage: tidepool --ref <ISO time of an observed high tide> --date <YYYY-MM-DD>
                [--msl <metres>] [--range <metres>] [--name <place>] [--days <n>]`;

function fail(message) {
  console.error(`tidepool: ${message}\n${usage}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    ref: { type: 'string' },
    date: { type: 'string' },
    msl: { type: 'string', default: '0' },
    range: { type: 'string', default: '2' },
    name: { type: 'string', default: 'tidepool' },
    days: { type: 'string', default: '1' },
  },
});

const referenceHigh = new Date(values.ref ?? '');
if (Number.isNaN(referenceHigh.getTime())) fail('--ref must be an ISO time, e.g. 2026-04-09T03:12Z');
const start = new Date(`${values.date ?? ''}T00:00:00Z`);
if (Number.isNaN(start.getTime())) fail('--date must look like 2026-04-10');
const msl = Number(values.msl);
const range = Number(values.range);
if (!Number.isFinite(msl) || !(range > 0)) fail('--msl must be a number and --range a positive number');

const days = Number(values.days);
if (!Number.isInteger(days) || days < 1 || days > 31) fail('--days must be a whole number from 1 to 31');

const model = { referenceHigh, msl, range };
const tables = [];
for (let d = 0; d < days; d += 1) {
  const from = new Date(start.getTime() + d * 24 * HOUR_MS);
  const to = new Date(from.getTime() + 24 * HOUR_MS);
  const hourly = Array.from({ length: 24 }, (_, h) => heightAt(new Date(from.getTime() + h * HOUR_MS), model));
  const events = tideEvents({ ...model, from, to });
  tables.push(formatDay({ label: `${values.name} · ${from.toISOString().slice(0, 10)}`, hourly, events }));
}
console.log(tables.join('\n\n'));
