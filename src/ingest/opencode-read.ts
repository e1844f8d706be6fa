// opencode's read tool wraps what it read in markup: `<path>…</path><type>file</type>
// <content>…</content>` (or `<type>directory</type><entries>…</entries>`). The stage shows the
// read itself: the path as the call's title, the lines (or entries) as its output.

export interface ReadResult {
  path: string;
  output: string;
}

function inner(text: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>\\n?([\\s\\S]*?)\\n?(?:</${name}>|$)`).exec(text);
  return m ? m[1]! : undefined;
}

/** The read without its wrapper, or undefined when the output is not wrapped. */
export function unwrapRead(output: string): ReadResult | undefined {
  if (!output.startsWith('<path>')) return undefined;
  const path = inner(output, 'path')?.trim();
  if (!path) return undefined;
  const body = inner(output, 'content') ?? inner(output, 'entries') ?? '';
  return { path, output: body.replace(/\n*\((?:End of file|Showing lines)[^)]*\)\s*$/, '').replace(/<\/?system-reminder>/g, '') };
}
