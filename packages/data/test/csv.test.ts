import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TesseraError } from '@tessera/tensor';
import { parseCsvRecords, parseNumericCsv, parseNumber } from '../src/index.js';
import { readCsvFile } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'tessera-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejects(p: Promise<unknown> | (() => unknown), message: RegExp): Promise<void> {
  let error: unknown;
  try { await (typeof p === 'function' ? p() : p); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(TesseraError);
  expect((error as Error).message).toMatch(message);
}

describe('parseCsvRecords', () => {
  it('handles quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF, BOM, blank lines', () => {
    const text = '\ufeffname,note\r\n"Smith, J.","said ""hi"""\r\n\r\nplain,"two\nlines"\n"",x\n';
    const { records, lines } = parseCsvRecords(text);
    expect(records).toEqual([['name', 'note'], ['Smith, J.', 'said "hi"'], ['plain', 'two\nlines'], ['', 'x']]);
    expect(lines).toEqual([1, 2, 4, 6]);
    expect(parseCsvRecords('a;b\n1;2', { delimiter: ';' }).records).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsvRecords('a,,c\n,\n').records).toEqual([['a', '', 'c'], ['', '']]);
  });

  it('reports malformed quoting with the line', async () => {
    await rejects(() => parseCsvRecords('a,b\n1,"open\n2,3\n', { source: 'q.csv' }), /^readCsv: q.csv: line 2: unterminated quoted field$/);
    await rejects(() => parseCsvRecords('a,b\n1,2\n3,4"x\n', { source: 'q.csv' }), /^readCsv: q.csv: line 3: quote inside an unquoted field/);
    await rejects(() => parseCsvRecords('a,b\n"1"2,3\n', { source: 'q.csv' }), /^readCsv: q.csv: line 2: unexpected "2" after a closing quote$/);
    await rejects(() => parseCsvRecords('a', { delimiter: '"' }), /delimiter must be one character other than a quote/);
  });
});

describe('parseNumericCsv', () => {
  const iris = 'sepal length,sepal width,species\n5.1,3.5,setosa\n4.9,3,setosa\n6.3,3.3,virginica\n';

  it('reads features and text labels (class names sorted)', () => {
    const t = parseNumericCsv(iris, { source: 'iris.csv' });
    expect(t.shape).toEqual([3, 2]);
    expect(Array.from(t.x)).toEqual(Array.from(Float32Array.of(5.1, 3.5, 4.9, 3, 6.3, 3.3)));
    expect(t.featureNames).toEqual(['sepal length', 'sepal width']);
    expect(t.labelName).toBe('species');
    expect(t.classNames).toEqual(['setosa', 'virginica']);
    expect(Array.from(t.y!)).toEqual([0, 0, 1]);
    const given = parseNumericCsv(iris, { classNames: ['virginica', 'versicolor', 'setosa'] });
    expect(Array.from(given.y!)).toEqual([2, 2, 0]);
  });

  it('integer labels give int32, other numbers float32, null means no label', () => {
    const ints = parseNumericCsv('a,b,label\n1,2,0\n3,4,2\n');
    expect(ints.y).toBeInstanceOf(Int32Array);
    expect(ints.classNames).toBeUndefined();
    const reg = parseNumericCsv('a,price\n1,2.5\n3,-1e3\n');
    expect(reg.y).toBeInstanceOf(Float32Array);
    expect(Array.from(reg.y!)).toEqual([2.5, -1000]);
    const none = parseNumericCsv('a,b\n1,2\n', { labelColumn: null });
    expect([none.y, none.shape]).toEqual([undefined, [1, 2]]);
    const first = parseNumericCsv('label,a,b\n1,2,3\n', { labelColumn: 'label' });
    expect([Array.from(first.y!), Array.from(first.x)]).toEqual([[1], [2, 3]]);
    const byIndex = parseNumericCsv('1,2,3\n4,5,6\n', { header: false, labelColumn: 0 });
    expect([byIndex.featureNames, Array.from(byIndex.x)]).toEqual([['column_1', 'column_2'], [2, 3, 5, 6]]);
  });

  it('accepts signs, exponents, NaN and infinities, and nothing else', () => {
    expect(['1', '-2.5', '+.5', '1e-3', ' 7 ', 'NaN', '-inf', 'Infinity'].map(parseNumber)).toEqual([1, -2.5, 0.5, 0.001, 7, Number.NaN, -Infinity, Infinity]);
    expect(['', ' ', 'abc', '1,5', '0x10', '1e', '--1'].map(parseNumber)).toEqual(Array(7).fill(undefined));
  });

  it('names the file, line and column of malformed data', async () => {
    await rejects(() => parseNumericCsv('a,b,c\n1,2,0\n3,4\n', { source: 'd.csv' }), /^readCsv: d.csv: line 3: 2 fields, expected 3 \(as in the header\)$/);
    await rejects(() => parseNumericCsv('a,b,c\n1,2,0\n\n3,x4,1\n', { source: 'd.csv' }), /^readCsv: d.csv: line 4, column 2 \("b"\): "x4" is not a number$/);
    await rejects(() => parseNumericCsv('a,b,c\n1,,0\n', { source: 'd.csv' }), /^readCsv: d.csv: line 2, column 2 \("b"\): empty cell$/);
    await rejects(() => parseNumericCsv('a,b,c\n1,2,\n', { source: 'd.csv', classNames: ['x'] }), /^readCsv: d.csv: line 2, column 3 \("c"\): empty label$/);
    await rejects(() => parseNumericCsv(iris, { source: 'i.csv', classNames: ['setosa'] }), /^readCsv: i.csv: line 4, column 3 \("species"\): label "virginica" is not one of the class names \(setosa\)$/);
    await rejects(() => parseNumericCsv('a,b\n1,2\n', { source: 'd.csv', labelColumn: 'y' }), /^readCsv: d.csv: no column named "y" \(columns: a, b\)$/);
    await rejects(() => parseNumericCsv('a,b\n1,2\n', { source: 'd.csv', labelColumn: 5 }), /^readCsv: d.csv: labelColumn 5 is out of range for 2 columns$/);
    await rejects(() => parseNumericCsv('', { source: 'e.csv' }), /^readCsv: e.csv: the file is empty$/);
    await rejects(() => parseNumericCsv('a,b\n', { source: 'e.csv' }), /^readCsv: e.csv: no data rows after the header$/);
    await rejects(() => parseNumericCsv('y\n1\n', { source: 'e.csv' }), /^readCsv: e.csv: no feature columns besides the label$/);
  });

  it('readCsvFile names the path', async () => {
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, 'a,b\n1,2\n3\n');
    await rejects(readCsvFile(path), new RegExp(`^readCsv: ${path}: line 3: 1 fields, expected 2`));
    await rejects(readCsvFile(join(dir, 'none.csv')), /^readCsv: .*none.csv: cannot read \(no such file\)$/);
    writeFileSync(path, 'a,b\n1,2\n');
    expect((await readCsvFile(path, { labelColumn: null })).shape).toEqual([1, 2]);
  });
});
