import { test } from 'node:test';
import assert from 'node:assert/strict';
import { M2_PERIOD_MS, heightAt, tideEvents } from '../src/tides.mjs';

// Half Moon Bay, observed high water on 9 April 2026.
const referenceHigh = new Date('2026-04-09T03:12:00Z');
const day = { from: new Date('2026-04-10T00:00:00Z'), to: new Date('2026-04-11T00:00:00Z') };

test('a day has three or four tides, highs and lows alternating', () => {
  const events = tideEvents({ referenceHigh, ...day });
  assert.ok(events.length === 3 || events.length === 4, `got ${events.length} events`);
  for (let i = 1; i < events.length; i += 1) {
    assert.notEqual(events[i].kind, events[i - 1].kind);
  }
});

test('every event falls inside the window', () => {
  for (const event of tideEvents({ referenceHigh, ...day })) {
    assert.ok(event.time >= day.from && event.time < day.to, `${event.kind} at ${event.time.toISOString()}`);
  }
});

test('high tides repeat every 12 h 25 m', () => {
  const highs = tideEvents({ referenceHigh, ...day }).filter((e) => e.kind === 'high');
  assert.ok(highs.length >= 1);
  const offset = (highs[0].time - referenceHigh) % M2_PERIOD_MS;
  assert.ok(Math.abs(offset) < 1000, `off by ${offset} ms`);
});

test('heights reach the range at high and low water', () => {
  const events = tideEvents({ referenceHigh, ...day, msl: 1.2, range: 3 });
  for (const event of events) {
    const expected = event.kind === 'high' ? 2.7 : -0.3;
    assert.ok(Math.abs(event.height - expected) < 1e-6, `${event.kind} ${event.height}`);
  }
  assert.ok(Math.abs(heightAt(referenceHigh, { referenceHigh }) - 1) < 1e-9);
});
