import { fail } from '@tessera/tensor';

const op = 'readCsv';

export interface CsvOptions {
  /** Names the file in error messages. */
  readonly source?: string;
  /** Field separator (default ','). */
  readonly delimiter?: string;
}

/** Records of a CSV text, each with the 1-based line it starts on. */
export interface CsvRecords {
  readonly records: string[][];
  readonly lines: number[];
}

/**
 * Splits CSV text into records (RFC 4180): fields may be quoted with `"`, a quote inside a
 * quoted field is doubled, quoted fields may hold delimiters and line breaks; `\n` and `\r\n`
 * end records; blank lines are skipped. Malformed quoting is an error naming the line.
 */
export function parseCsvRecords(text: string, options: CsvOptions = {}): CsvRecords {
  const source = options.source ?? 'CSV data';
  const delimiter = options.delimiter ?? ',';
  if (typeof text !== 'string') fail(op, `${source}: expects the file's text as a string`);
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    fail(op, `${source}: delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
  }
  const records: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a UTF-8 byte order mark is not data
  const n = text.length;
  while (i < n) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n')) { // blank line
      i += text[i] === '\r' ? 2 : 1;
      line += 1;
      continue;
    }
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        const openedOn = line;
        i += 1;
        for (;;) {
          if (i >= n) fail(op, `${source}: line ${openedOn}: unterminated quoted field`);
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
            i += 1;
            break;
          }
          if (ch === '\n') line += 1;
          field += ch;
          i += 1;
        }
        if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          fail(op, `${source}: line ${line}: unexpected ${JSON.stringify(text[i])} after a closing quote`);
        }
      } else {
        const start = i;
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '"') fail(op, `${source}: line ${line}: quote inside an unquoted field (quote the whole field and double inner quotes)`);
          i += 1;
        }
        field = text.slice(start, i);
      }
      fields.push(field);
      if (i < n && text[i] === delimiter) { i += 1; continue; }
      break;
    }
    if (text[i] === '\r') i += 1;
    if (text[i] === '\n') { i += 1; line += 1; }
    records.push(fields);
    lines.push(startLine);
  }
  return { records, lines };
}

export interface NumericCsvOptions extends CsvOptions {
  /** The first record names the columns (default true). */
  readonly header?: boolean;
  /**
   * The label column: a name, an index (negative counts from the end), or null for none.
   * Default -1, the last column (as in the bundled datasets).
   */
  readonly labelColumn?: string | number | null;
  /** For text labels: the class names in index order (default: the distinct labels, sorted). */
  readonly classNames?: readonly string[];
}

/** A numeric table read from CSV: features row-major, labels separate. */
export interface NumericTable {
  /** Features, row-major [rows, columns]. */
  readonly x: Float32Array;
  readonly shape: [number, number];
  readonly featureNames: string[];
  /** Labels: int32 class indices (integer or text labels), float32 for non-integer numbers. */
  readonly y?: Int32Array | Float32Array;
  readonly labelName?: string;
  /** Class names for text labels (y indexes them). */
  readonly classNames?: string[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL: Readonly<Record<string, number>> = {
  nan: Number.NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity,
};

/** A decimal number, `NaN` or `inf`/`Infinity` (any case); undefined for anything else. */
export function parseNumber(cell: string): number | undefined {
  const s = cell.trim();
  if (NUMBER.test(s)) return Number(s);
  const special = SPECIAL[s.toLowerCase()];
  return special;
}

function resolveColumn(source: string, spec: string | number, names: readonly string[], hasHeader: boolean): number {
  if (typeof spec === 'number') {
    const k = spec < 0 ? names.length + spec : spec;
    if (!Number.isInteger(spec) || k < 0 || k >= names.length) fail(op, `${source}: labelColumn ${spec} is out of range for ${names.length} columns`);
    return k;
  }
  if (!hasHeader) fail(op, `${source}: labelColumn "${spec}" is a name, but the file has no header (use an index)`);
  const k = names.indexOf(spec);
  if (k < 0) fail(op, `${source}: no column named "${spec}" (columns: ${names.join(', ')})`);
  return k;
}

/**
 * Reads a CSV of numbers into a feature matrix and an optional label column. Every record must
 * have as many fields as the first; every feature cell must be a number. Errors name the file,
 * the line and the column.
 *
 * ```ts
 * const { x, y, shape, featureNames } = parseNumericCsv(text, { source: 'iris.csv' });
 * ```
 */
export function parseNumericCsv(text: string, options: NumericCsvOptions = {}): NumericTable {
  const source = options.source ?? 'CSV data';
  const hasHeader = options.header ?? true;
  const { records, lines } = parseCsvRecords(text, options);
  if (records.length === 0) fail(op, `${source}: the file is empty`);
  const width = records[0].length;
  const names = hasHeader ? records[0].map((s) => s.trim()) : Array.from({ length: width }, (_, k) => `column_${k}`);
  const first = hasHeader ? 1 : 0;
  const rows = records.length - first;
  if (rows === 0) fail(op, `${source}: no data rows after the header`);
  for (let r = first; r < records.length; r++) {
    if (records[r].length !== width) {
      fail(op, `${source}: line ${lines[r]}: ${records[r].length} fields, expected ${width}${hasHeader ? ' (as in the header)' : ' (as in the first line)'}`);
    }
  }
  const spec = options.labelColumn === undefined ? -1 : options.labelColumn;
  const label = spec === null ? -1 : resolveColumn(source, spec, names, hasHeader);
  const features = names.map((_, k) => k).filter((k) => k !== label);
  if (features.length === 0) fail(op, `${source}: no feature columns besides the label`);
  const x = new Float32Array(rows * features.length);
  const columnName = (k: number) => (hasHeader ? `column ${k + 1} ("${names[k]}")` : `column ${k + 1}`);
  for (let r = 0; r < rows; r++) {
    const record = records[first + r];
    features.forEach((k, j) => {
      const v = parseNumber(record[k]);
      if (v === undefined) {
        const what = record[k].trim() === '' ? 'empty cell' : `${JSON.stringify(record[k])} is not a number`;
        fail(op, `${source}: line ${lines[first + r]}, ${columnName(k)}: ${what}`);
      }
      x[r * features.length + j] = v;
    });
  }
  const table = { x, shape: [rows, features.length] as [number, number], featureNames: features.map((k) => names[k]) };
  if (label < 0) return table;
  const cells = records.slice(first).map((rec) => rec[label].trim());
  const labelName = names[label];
  const numeric = cells.map(parseNumber);
  if (options.classNames === undefined && numeric.every((v) => v !== undefined)) {
    const values = numeric as number[];
    if (values.every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 31)) return { ...table, y: Int32Array.from(values), labelName };
    return { ...table, y: Float32Array.from(values), labelName };
  }
  const classNames = options.classNames ? [...options.classNames] : [...new Set(cells)].sort();
  const index = new Map(classNames.map((c, i) => [c, i]));
  const y = new Int32Array(rows);
  cells.forEach((c, r) => {
    const k = index.get(c);
    if (k === undefined) {
      const what = c === '' ? 'empty label' : `label ${JSON.stringify(c)} is not one of the class names (${classNames.join(', ')})`;
      fail(op, `${source}: line ${lines[first + r]}, ${columnName(label)}: ${what}`);
    }
    y[r] = k;
  });
  return { ...table, y, labelName, classNames };
}
