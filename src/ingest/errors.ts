// One error type for everything wrong with an input, so the CLI can print it as one clear line.

export class InputError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    /** What the user can do about it. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** `file:line: message (hint)`: the form compilers use, so editors can jump to it. */
  describe(): string {
    const where = this.line ? `${this.file}:${this.line}` : this.file;
    return `${where}: ${this.message}${this.hint ? `\n  ${this.hint}` : ''}`;
  }
}
