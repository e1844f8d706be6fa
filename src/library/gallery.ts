// The library's index: `<dir>/library.json` for machines and `<dir>/index.html`, a static page
// that works offline: posters, titles, participants, models, counts, and filters. Session text
// is data: it travels as JSON inside a non-executed script element and is put on the page with
// textContent only; a content security policy allows nothing but the page's own script and
// images beside it, so not even a bug here could load or run anything else.
import { createHash } from 'node:crypto';
import type { KitManifest, KitMeta } from './manifest.js';
import type { JobRow } from './state.js';
import type { KitStore } from './storage.js';

export interface LibraryEntry extends Partial<KitMeta> {
  id: string;
  status: 'ok' | 'failed';
  title: string;
  /** Paths relative to the library folder. */
  player?: string;
  video?: string;
  poster?: string;
  chapters?: string;
  short?: string;
  captions?: string;
  error?: string;
}

export interface LibraryIndex {
  generated: string;
  sessions: LibraryEntry[];
}

function entryOf(m: KitManifest): LibraryEntry {
  const at = (file: string | undefined) => (file ? `${m.id}/${file}` : undefined);
  const meta: KitMeta = {
    ...m.meta,
    participants: m.meta.participants.map((p) => ({ ...p, ...(p.avatar ? { avatar: `${m.id}/${p.avatar}` } : {}) })),
  };
  return {
    id: m.id, status: 'ok', ...meta,
    ...(m.parts.html ? { player: at(m.parts.html.file) } : {}),
    ...(m.parts.mp4 ? { video: at(m.parts.mp4.file) } : {}),
    ...(m.parts.poster ? { poster: at(m.parts.poster.file) } : {}),
    ...(m.parts.chapters ? { chapters: at(m.parts.chapters.file) } : {}),
    ...(m.parts.short ? { short: at(m.parts.short.file) } : {}),
    ...(m.parts.vtt || m.parts.srt ? { captions: at((m.parts.vtt ?? m.parts.srt)!.file) } : {}),
  };
}

/** Kits in the store, and sessions whose last attempt failed (with no kit to show instead). */
export function libraryIndex(store: KitStore, jobs: JobRow[]): LibraryIndex {
  const kits = store.list();
  const have = new Set(kits.map((k) => k.id));
  const failed: LibraryEntry[] = jobs
    .filter((j) => j.status === 'failed' && !have.has(j.session_id))
    .map((j) => ({ id: j.session_id, status: 'failed', title: j.title, source: j.source, error: j.error ?? 'failed' }));
  const sessions = [...kits.map(entryOf), ...failed].sort(
    (a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.id.localeCompare(b.id),
  );
  return { generated: new Date().toISOString(), sessions };
}

/** JSON that can sit inside a script element: no `<`, `>` or `&`, and no line separators. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const STYLE = `
:root { color-scheme: dark; --bg: #0d1117; --card: #161b22; --line: #30363d; --fg: #e6edf3; --dim: #8b949e; --bad: #f85149; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.4 system-ui, sans-serif; }
header { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 16px 20px; border-bottom: 1px solid var(--line); }
h1 { font-size: 18px; margin: 0 12px 0 0; }
label { color: var(--dim); }
select { background: var(--card); color: var(--fg); border: 1px solid var(--line); border-radius: 6px; padding: 4px 6px; }
#count { color: var(--dim); margin-left: auto; }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; padding: 20px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; display: flex; flex-direction: column; }
.card[hidden] { display: none; }
.card a.play { display: block; aspect-ratio: 16 / 9; background: #000; }
.card a.play img { width: 100%; height: 100%; object-fit: cover; display: block; }
.card .body { padding: 10px 12px 12px; display: flex; flex-direction: column; gap: 6px; }
.card h2 { font-size: 15px; margin: 0; overflow-wrap: anywhere; }
.card h2 a { color: inherit; text-decoration: none; }
.links { display: flex; gap: 10px; font-size: 12px; }
.links a { color: var(--dim); }
.people, .models { display: flex; flex-wrap: wrap; gap: 6px; }
.person { display: inline-flex; align-items: center; gap: 4px; font-size: 12px; }
.avatar { width: 22px; height: 22px; border-radius: 50%; border: 2px solid; object-fit: cover; display: inline-flex; align-items: center; justify-content: center; font-size: 11px; font-weight: 600; color: #0d1117; }
.model { font-size: 11px; border-radius: 10px; padding: 1px 8px; color: #0d1117; }
.stats { color: var(--dim); font-size: 12px; }
.kind { text-transform: uppercase; font-size: 10px; letter-spacing: 0.05em; color: var(--dim); }
.failed { border-color: var(--bad); }
.failed .error { color: var(--bad); font-size: 12px; overflow-wrap: anywhere; white-space: pre-wrap; }
`;

/** Runs in the page: builds every card from the JSON with createElement and textContent. */
const SCRIPT = `
(() => {
  const data = JSON.parse(document.getElementById('library-data').textContent);
  const main = document.querySelector('main');
  const COLOR = /^#[0-9a-fA-F]{3,8}$/;
  const PATH = /^[A-Za-z0-9_][A-Za-z0-9._-]*\\/[A-Za-z0-9_][A-Za-z0-9._-]*$/;
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = String(text); return e; };
  const safePath = (p) => (typeof p === 'string' && PATH.test(p) ? p : undefined);
  const color = (c) => (typeof c === 'string' && COLOR.test(c) ? c : '#8b949e');
  const clock = (s) => { s = Math.max(0, Math.round(Number(s) || 0)); const m = Math.floor(s / 60); return m + ':' + String(s % 60).padStart(2, '0'); };
  const entities = new Set(), models = new Set(), kinds = new Set();
  const cards = [];
  for (const s of data.sessions) {
    const card = el('article', 'card' + (s.status === 'failed' ? ' failed' : ''));
    card.dataset.id = String(s.id);
    const people = (s.participants || []).filter((p) => p.kind !== 'user');
    card.dataset.entities = JSON.stringify(people.map((p) => String(p.name)));
    card.dataset.models = JSON.stringify((s.models || []).map((m) => String(m.id)));
    card.dataset.kind = s.status === 'failed' ? 'failed' : String(s.kind || 'single');
    const player = safePath(s.player);
    if (s.status !== 'failed') {
      const play = el('a', 'play');
      if (player) play.href = player;
      const poster = safePath(s.poster);
      if (poster) { const img = el('img'); img.alt = ''; img.loading = 'lazy'; img.src = poster; play.append(img); }
      card.append(play);
    }
    const body = el('div', 'body');
    body.append(el('div', 'kind', s.status === 'failed' ? 'failed' : (s.kind || 'single')));
    const h2 = el('h2');
    if (player) { const a = el('a', '', s.title); a.href = player; h2.append(a); } else h2.textContent = String(s.title);
    body.append(h2);
    if (s.status === 'failed') {
      body.append(el('div', 'error', s.error || 'failed'));
      if (s.source) body.append(el('div', 'stats', s.source));
    } else {
      const row = el('div', 'people');
      for (const p of people) {
        entities.add(String(p.name));
        const who = el('span', 'person');
        const avatarPath = safePath(p.avatar);
        const av = el(avatarPath ? 'img' : 'span', 'avatar');
        av.style.borderColor = color(p.color);
        if (avatarPath) { av.src = avatarPath; av.alt = ''; } else { av.style.background = color(p.color); av.textContent = String(p.name || '?').slice(0, 1).toUpperCase(); }
        who.append(av, el('span', '', p.name));
        who.title = String(p.name);
        row.append(who);
      }
      body.append(row);
      const chips = el('div', 'models');
      for (const m of s.models || []) {
        models.add(String(m.id));
        const chip = el('span', 'model', m.label || m.id);
        chip.title = String(m.id);
        chip.style.background = color(m.color);
        chips.append(chip);
      }
      body.append(chips);
      const date = s.date ? String(s.date).slice(0, 16).replace('T', ' ') : 'date unknown';
      body.append(el('div', 'stats', s.turns + ' turns · ' + s.files + ' files · ' + clock(s.length) + ' · ' + date));
      const links = el('div', 'links');
      for (const [name, path] of [['video', s.video], ['short', s.short], ['captions', s.captions], ['chapters', s.chapters]]) {
        const href = safePath(path);
        if (href) { const a = el('a', '', name); a.href = href; links.append(a); }
      }
      if (links.childElementCount) body.append(links);
    }
    kinds.add(card.dataset.kind);
    card.append(body);
    cards.push(card);
  }
  main.append(...cards);
  const fill = (id, values) => { const sel = document.getElementById(id); for (const v of [...values].sort()) { const o = el('option', '', v); o.value = v; sel.append(o); } return sel; };
  const selects = [fill('entity', entities), fill('model', models), fill('kind', kinds)];
  const count = document.getElementById('count');
  const apply = () => {
    const [e, m, k] = selects.map((s) => s.value);
    let shown = 0;
    for (const c of cards) {
      const ok = (!e || JSON.parse(c.dataset.entities).includes(e)) && (!m || JSON.parse(c.dataset.models).includes(m)) && (!k || c.dataset.kind === k);
      c.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + ' of ' + cards.length + ' sessions';
  };
  for (const s of selects) s.addEventListener('change', apply);
  apply();
})();
`;

export function galleryHtml(index: LibraryIndex): string {
  const hash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; img-src 'self' file:; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Playback library</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Playback library</h1>
<label>entity <select id="entity"><option value="">all</option></select></label>
<label>model <select id="model"><option value="">all</option></select></label>
<label>kind <select id="kind"><option value="">all</option></select></label>
<span id="count"></span>
</header>
<main></main>
<noscript>This page lists its sessions with JavaScript; library.json beside it holds the same list.</noscript>
<script type="application/json" id="library-data">${scriptSafeJson(index)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export function writeGallery(store: KitStore, jobs: JobRow[]): LibraryIndex {
  const index = libraryIndex(store, jobs);
  store.writeIndex('library.json', `${JSON.stringify(index, null, 2)}\n`);
  store.writeIndex('index.html', galleryHtml(index));
  return index;
}
