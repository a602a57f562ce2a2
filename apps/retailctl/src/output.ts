/** Where results and progress go: results to stdout (JSON with --json), progress to stderr. */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
  ) {}

  /** The command's result: JSON (one document) or the human rendering. */
  result(value: unknown, human: () => string): void {
    this.out.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
  }

  /** Progress of a long operation, on stderr so stdout stays parseable. */
  progress(message: string): void {
    if (this.err.isTTY) this.err.write(`\r\x1b[K${message}`);
    else this.err.write(`${message}\n`);
  }

  progressDone(): void {
    if (this.err.isTTY) this.err.write('\r\x1b[K');
  }

  error(message: string): void {
    this.err.write(`retailctl: ${message}\n`);
  }
}

/** A plain text table: columns padded to their widest cell. */
export function table(headers: string[], rows: Array<Array<string | number | null | undefined>>) {
  const cells = [
    headers,
    ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c)))),
  ];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
