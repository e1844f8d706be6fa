// Watching a session while it is written: fs.watch where the platform delivers events, with
// polling as a fallback (network folders, editors that replace files), debounced so a burst
// of appends triggers one reload.
import { existsSync, statSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs';
import { defaultOpencodeDb } from '../ingest/opencode-db-path.js';

export interface SourceWatcher {
  close(): void;
}

/** The files whose changes mean the source changed (a database's WAL too). */
function pathsToWatch(source: string): string[] {
  let path = source;
  if (/^ses_[A-Za-z0-9]+$/.test(source) && !existsSync(source)) path = defaultOpencodeDb();
  if (existsSync(path) && statSync(path).isDirectory()) return [path];
  if (/\.(db|sqlite3?)$/i.test(path)) return [path, `${path}-wal`];
  return [path];
}

export function watchSource(source: string, onChange: () => void, options: { debounceMs?: number; pollMs?: number } = {}): SourceWatcher {
  const debounceMs = options.debounceMs ?? 250;
  const pollMs = options.pollMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  const paths = pathsToWatch(source);
  for (const path of paths) {
    try {
      const isDir = existsSync(path) && statSync(path).isDirectory();
      const w = watch(path, { persistent: true, recursive: isDir }, changed);
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // Missing yet (a WAL file) or not watchable: polling below still sees it.
    }
    watchFile(path, { interval: pollMs, persistent: true }, (now, before) => {
      if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) changed();
    });
  }
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      for (const path of paths) unwatchFile(path);
    },
  };
}
