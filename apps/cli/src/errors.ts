import { TesseraError } from '@tessera/tensor';

/** A problem with what the user asked for; printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The one line printed for an error: library errors already name their op, others get a prefix. */
export function errorLine(command: string, error: unknown): string {
  const prefix = command ? `tessera ${command}` : 'tessera';
  if (error instanceof UsageError || error instanceof TesseraError) return `${prefix}: ${firstLine(error.message)}`;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `${prefix}: ${code ? `${code}: ` : ''}${firstLine(error.message)}`;
  }
  return `${prefix}: ${String(error)}`;
}

function firstLine(text: string): string {
  // Stacks and multi-line library messages would bury the one line a user needs to read.
  return text.split('\n').map((s) => s.trim()).filter(Boolean).join(' ');
}

export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ? 2 : 1;
}
