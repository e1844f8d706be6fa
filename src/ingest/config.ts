// User configuration: model colour and label overrides.
//
// Looked up, later files overriding earlier ones pattern by pattern:
//   1. `$XDG_CONFIG_HOME/playback/config.json` (default `~/.config/playback/config.json`)
//   2. `./.playback.json` in the current directory
//   3. the file named by `$PLAYBACK_CONFIG`
// Shape:
//   { "models": { "<pattern>": { "color": "#rrggbb", "label": "Short name" } } }
// A pattern with `*` is a glob over the whole `provider/model` id (`openai/*`); without `*`
// it matches any id containing it (`opus`). Case does not matter. The first match wins, and
// the most specific (closest) file is tried first.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Warning } from '../recording/model.js';
import type { ModelOverride } from '../recording/model-colors.js';

export interface PlaybackConfig {
  models: ModelOverride[];
  /** The config files read, in order. */
  files: string[];
  warnings: Warning[];
}

export function configFiles(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string[] {
  const xdg = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const files = [join(xdg, 'playback', 'config.json'), resolve(cwd, '.playback.json')];
  if (env.PLAYBACK_CONFIG) files.push(resolve(cwd, env.PLAYBACK_CONFIG));
  return files;
}

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Parse one config file's text into overrides; problems become warnings, never exceptions. */
export function parseConfig(text: string, file: string): { models: ModelOverride[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { models: [], warnings: [{ message: `config is not valid JSON (${(err as Error).message}); ignored`, file }] };
  }
  const models = (data as { models?: unknown } | null)?.models;
  if (models === undefined) return { models: [], warnings };
  if (!models || typeof models !== 'object' || Array.isArray(models)) {
    return { models: [], warnings: [{ message: 'config "models" must be an object of pattern → { color, label }; ignored', file }] };
  }
  const out: ModelOverride[] = [];
  for (const [pattern, value] of Object.entries(models as Record<string, unknown>)) {
    const v = value as { color?: unknown; label?: unknown } | null;
    if (!v || typeof v !== 'object') {
      warnings.push({ message: `config models["${pattern}"] must be an object with color and/or label; ignored`, file });
      continue;
    }
    const override: ModelOverride = { pattern };
    if (typeof v.color === 'string' && HEX.test(v.color.trim())) override.color = v.color.trim().toLowerCase();
    else if (v.color !== undefined) warnings.push({ message: `config models["${pattern}"].color must be a hex colour like #a78bfa; ignored`, file });
    if (typeof v.label === 'string' && v.label.trim()) override.label = v.label.trim();
    else if (v.label !== undefined) warnings.push({ message: `config models["${pattern}"].label must be a non-empty string; ignored`, file });
    if (override.color || override.label) out.push(override);
  }
  return { models: out, warnings };
}

/** Read every config file that exists. */
export function loadConfig(files: string[] = configFiles()): PlaybackConfig {
  const config: PlaybackConfig = { models: [], files: [], warnings: [] };
  for (const file of files) {
    if (!existsSync(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      config.warnings.push({ message: `config could not be read (${(err as Error).message}); ignored`, file });
      continue;
    }
    const parsed = parseConfig(text, file);
    config.files.push(file);
    config.warnings.push(...parsed.warnings);
    // Closer files first, so their patterns win.
    config.models = [...parsed.models, ...config.models];
  }
  return config;
}

let cached: { key: string; config: PlaybackConfig } | undefined;

/** The user's config, read once per process (commands and the post-read step share it). */
export function userConfig(): PlaybackConfig {
  // Read once per set of config paths: a process that changes PLAYBACK_CONFIG or its cwd sees the change.
  const key = configFiles().join('\n');
  if (cached?.key !== key) cached = { key, config: loadConfig() };
  return cached.config;
}
