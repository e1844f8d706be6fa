// Codex CLI tool calls: what was called (shell, apply_patch, MCP, ...), what came back and
// whether it failed, and the files an apply_patch changed.
import type { FileChangeEvent, ToolEvent } from '../recording/model.js';
import { relativeToDirectory } from '../recording/derive.js';
import { isObject, str, type Json, type ReadLog } from './reader-kit.js';
import { findPatch, parsePatch } from './apply-patch.js';

/** A shell command as one line: `["bash","-lc","ls"]` → `ls`. */
function commandLine(command: unknown): string | undefined {
  if (typeof command === 'string') return command;
  if (!Array.isArray(command) || !command.every((c) => typeof c === 'string')) return undefined;
  const parts = command as string[];
  if (parts.length === 3 && /(^|\/)(ba|z)?sh$/.test(parts[0]!) && /^-l?c$/.test(parts[1]!)) return parts[2];
  return parts.join(' ');
}

export function codexToolInput(p: Json, type: string, log: ReadLog): { tool: string; input: unknown; title?: string } {
  if (type === 'local_shell_call') {
    const action = isObject(p.action) ? p.action : {};
    const input = log.capValue(action);
    return { tool: 'shell', input, title: commandLine(action.command) };
  }
  const tool = str(p.name) ?? '(unnamed tool)';
  if (type === 'custom_tool_call') {
    const raw = str(p.input) ?? '';
    return { tool, input: { input: log.capString(raw) }, title: tool === 'apply_patch' ? patchTitle(raw) : raw.split('\n')[0] };
  }
  const args = str(p.arguments);
  let input: unknown = p.arguments ?? {};
  if (args !== undefined) {
    try {
      input = JSON.parse(args);
    } catch {
      input = { arguments: args };
    }
  }
  input = log.capValue(input);
  const o = isObject(input) ? input : {};
  const patch = findPatch(str(o.input) ?? str(o.patch) ?? commandLine(o.command) ?? str(o.cmd) ?? '');
  const title = patch ? patchTitle(patch) : (commandLine(o.command) ?? str(o.cmd) ?? str(o.explanation) ?? planTitle(o.plan) ?? str(o.query) ?? str(o.path) ?? str(o.message)?.split('\n')[0]);
  return { tool, input, ...(title ? { title } : {}) };
}

/** update_plan: the step in progress, else how many steps there are. */
function planTitle(plan: unknown): string | undefined {
  if (!Array.isArray(plan) || plan.length === 0) return undefined;
  const current = plan.find((p) => isObject(p) && p.status === 'in_progress');
  return (isObject(current) ? str(current.step) : undefined) ?? `${plan.length} steps`;
}

function patchTitle(patch: string): string | undefined {
  const files = parsePatch(findPatch(patch) ?? patch);
  if (!files.length) return undefined;
  return `apply_patch ${files.map((f) => f.path).join(', ')}`;
}

/** Failure texts a tool output opens with when no exit code is given. */
const FAILURE = /^(apply_patch verification failed|failed in sandbox|execution error|sandbox error|error:|invalid patch|patch rejected|aborted|command timed out)/i;

/**
 * A call's output: plain text, `{"output", "metadata": {"exit_code"}}` as a JSON string, the
 * `Exit code: N` / `Process exited with code N` header of newer shells, `{content, success}`,
 * or content items.
 */
export function codexToolOutput(output: unknown, log: ReadLog): { text: string; failed: boolean; durationMs?: number } {
  if (isObject(output)) {
    const text = str(output.content) ?? str(output.output) ?? JSON.stringify(output);
    return { text: log.capString(text), failed: output.success === false };
  }
  if (Array.isArray(output)) {
    const text = output.map((c) => (isObject(c) ? (str(c.text) ?? (c.type === 'input_image' ? '[image]' : '')) : '')).join('\n');
    return { text: log.capString(text), failed: false };
  }
  const raw = typeof output === 'string' ? output : '';
  if (raw.startsWith('{')) {
    try {
      const o = JSON.parse(raw) as unknown;
      if (isObject(o) && typeof o.output === 'string') {
        const meta = isObject(o.metadata) ? o.metadata : {};
        const code = typeof meta.exit_code === 'number' ? meta.exit_code : 0;
        const seconds = typeof meta.duration_seconds === 'number' ? meta.duration_seconds : undefined;
        return { text: log.capString(o.output), failed: code !== 0 || FAILURE.test(o.output), ...(seconds !== undefined ? { durationMs: Math.round(seconds * 1000) } : {}) };
      }
    } catch {
      // not JSON after all: plain text
    }
  }
  const header = /^(?:Exit code: (-?\d+)|Process exited with code (-?\d+))$/m.exec(raw.slice(0, 400));
  if (header) {
    const wall = /^Wall time: ([\d.]+) seconds$/m.exec(raw.slice(0, 400));
    return { text: log.capString(raw), failed: Number(header[1] ?? header[2]) !== 0, ...(wall ? { durationMs: Math.round(Number(wall[1]) * 1000) } : {}) };
  }
  const firstLine = raw.split('\n', 1)[0] ?? '';
  const sandboxCode = /exit code:? (-?\d+)/i.exec(firstLine);
  const failed = FAILURE.test(raw) || (sandboxCode !== null && Number(sandboxCode[1]) !== 0);
  return { text: log.capString(raw), failed };
}

/** The apply_patch text a call carried: a custom tool's input, a function's argument, or a shell command. */
export function codexPatchOf(ev: ToolEvent): string | undefined {
  const o = isObject(ev.input) ? ev.input : {};
  if (ev.tool === 'apply_patch') return findPatch(str(o.input) ?? str(o.patch) ?? '');
  const command = o.command;
  if (Array.isArray(command) && command[0] === 'apply_patch' && typeof command[1] === 'string') return findPatch(command[1]);
  const line = commandLine(command) ?? str(o.cmd);
  if (!line || !/\bapply_patch\b|^\s*\*\*\* Begin Patch/.test(line)) return undefined;
  return findPatch(line);
}

function absolute(path: string, cwd: string | undefined): string {
  if (path.startsWith('/') || !cwd) return path;
  return `${cwd.replace(/\/$/, '')}/${path.replace(/^\.\//, '')}`;
}

export function codexFileChanges(ev: ToolEvent, patch: string, cwd: string | undefined, time: number): FileChangeEvent[] {
  const out: FileChangeEvent[] = [];
  for (const [i, f] of parsePatch(patch).entries()) {
    const path = absolute(f.moveTo ?? f.path, cwd);
    const base = {
      id: `${ev.callId}#file${i}`,
      sessionId: '',
      ...(ev.messageId ? { messageId: ev.messageId } : {}),
      time,
      participantId: ev.participantId,
      ...(ev.model ? { model: ev.model } : {}),
      kind: 'file-change' as const,
      path,
      relPath: relativeToDirectory(path, cwd),
      callId: ev.callId,
    };
    if (f.op === 'add') {
      out.push({ ...base, op: 'write', content: f.content ?? '', patch: f.text });
    } else if (f.op === 'delete' || f.hunks.length === 0) {
      out.push({ ...base, op: 'patch', patch: f.text });
    } else {
      f.hunks.forEach((h, j) => {
        const last = j === f.hunks.length - 1;
        out.push({ ...base, id: `${base.id}.${j}`, op: 'edit', oldString: h.oldText, newString: h.newText, ...(last ? { patch: f.text } : {}) });
      });
    }
  }
  return out;
}
