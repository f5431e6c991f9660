/**
 * Every error Tessera throws on bad input. The message starts with the op or option name so a
 * user can find the call that failed: `matmul: inner dimensions differ: [2,3] x [4,5]`.
 */
export class TesseraError extends Error {
  readonly op: string;

  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = 'TesseraError';
    this.op = op;
  }
}

export function fail(op: string, message: string): never {
  throw new TesseraError(op, message);
}

export function assert(condition: unknown, op: string, message: () => string): asserts condition {
  if (!condition) throw new TesseraError(op, message());
}

/** `[2,3,4]`, the shape notation used in every error message. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
