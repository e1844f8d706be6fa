// Runs of calls that play as one card: lookups (read a file, match names, search text, list a
// folder) and shell commands that succeeded. A run of them by one speaker fills one card; these
// are its words, shared by the timeline (which groups them) and the scene (which fills the card).

const LOOKUP_TOOLS = new Set(['read', 'view', 'glob', 'grep', 'ls', 'list', 'find', 'search', 'codesearch']);
/** Shell tools of the formats read (Claude Code and opencode, Codex CLI, Gemini CLI). */
const SHELL_TOOLS = new Set(['bash', 'shell', 'exec_command', 'run_shell_command']);

/** Which run a call can join: lookups together, commands together (a failed command stands alone: its error is the news). */
export function runKind(tool: string, isError: boolean): 'lookup' | 'command' | undefined {
  const name = tool.toLowerCase();
  if (LOOKUP_TOOLS.has(name)) return 'lookup';
  if (SHELL_TOOLS.has(name) && !isError) return 'command';
  return undefined;
}

/** "read 6 files", "3 searches", "ran 2 commands", or "5 lookups" for a mixed run (a card's title as it fills). */
export function lookupTitle(tools: string[], count = tools.length): string {
  const kinds = new Set(tools.map((t) => t.toLowerCase()));
  const n = count;
  const s = n === 1 ? '' : 's';
  if (kinds.size === 1) {
    const kind = [...kinds][0]!;
    if (kind === 'read' || kind === 'view') return `read ${n} file${s}`;
    if (kind === 'grep' || kind === 'search' || kind === 'codesearch') return `${n} search${n === 1 ? '' : 'es'}`;
    if (kind === 'glob' || kind === 'find') return `${n} file pattern${s}`;
    if (SHELL_TOOLS.has(kind)) return `ran ${n} command${s}`;
    return `${n} listing${s}`;
  }
  return `${n} lookup${s}`;
}
