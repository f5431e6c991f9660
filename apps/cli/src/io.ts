/** Where a command writes: lines to stdout and stderr, and the stream a progress bar may draw on. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** A terminal for the progress bar; undefined when stderr is not a TTY (pipes, tests). */
  readonly tty?: NodeJS.WriteStream;
}

export const processIo: CliIo = {
  out: (line) => { process.stdout.write(`${line}\n`); },
  err: (line) => { process.stderr.write(`${line}\n`); },
  tty: process.stderr.isTTY ? process.stderr : undefined,
};

/** Collects output in memory (tests). */
export function memoryIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => { stdout.push(l); }, err: (l) => { stderr.push(l); } };
}
