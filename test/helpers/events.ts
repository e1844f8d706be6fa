// The events of a recording by kind, as tests count them.
import type { FileChangeEvent, RecEvent, Recording, TextEvent, ToolEvent } from '../../src/recording/model.js';

export const events = (rec: Recording): RecEvent[] => rec.sessions.flatMap((s) => s.turns.flatMap((t) => t.events));
export const tools = (rec: Recording) => events(rec).filter((e): e is ToolEvent => e.kind === 'tool');
export const changes = (rec: Recording) => events(rec).filter((e): e is FileChangeEvent => e.kind === 'file-change');
export const texts = (rec: Recording) => events(rec).filter((e): e is TextEvent => e.kind === 'text');
