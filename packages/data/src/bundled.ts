import { fail } from '@tessera/tensor';
import { findBundled, type CatalogEntry } from './catalog.js';
import { parseNumericCsv } from './csv.js';
import { allInOrder, decodeIdx, gunzipWeb, type Gunzip } from './idx.js';
import { idxSplit } from './idx-dataset.js';
import type { LoadedDataset } from './loaded.js';

/** Reads a file of the package's `datasets/` folder by its relative path. */
export type ReadBundled = (path: string) => Promise<Uint8Array>;

/** Builds a bundled dataset from its files, however they are read (fetch or the file system). */
export async function loadEntry(entry: CatalogEntry, read: ReadBundled, gunzip: Gunzip): Promise<LoadedDataset> {
  const op = 'loadDataset';
  if (entry.kind === 'csv') {
    const file = entry.files[0];
    const table = parseNumericCsv(new TextDecoder().decode(await read(file)), { source: file });
    if (!(table.y instanceof Int32Array)) fail(op, `${file}: the label column is not integer class indices`);
    return {
      name: entry.name, x: table.x, y: table.y, shape: table.shape, featureNames: table.featureNames,
      classNames: entry.classNames, description: entry.description,
    };
  }
  const [trainImages, trainLabels, testImages, testLabels] = await allInOrder(
    entry.files.map(async (f) => decodeIdx(await read(f), f, gunzip)),
  );
  const k = entry.classNames.length;
  const train = idxSplit(op, trainImages, trainLabels, { images: entry.files[0], labels: entry.files[1] }, k);
  const test = idxSplit(op, testImages, testLabels, { images: entry.files[2], labels: entry.files[3] }, k);
  return { name: entry.name, ...train, test, classNames: entry.classNames, description: entry.description };
}

export interface LoadDatasetOptions {
  /** Where the `datasets/` folder is served (default: next to this module, as bundlers copy it). */
  readonly baseUrl?: string | URL;
  /** The fetch to use (default: the global one). */
  readonly fetch?: (url: URL) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
}

function datasetsBase(baseUrl: string | URL | undefined): URL {
  if (baseUrl === undefined) return new URL('../datasets/', import.meta.url);
  const page = (globalThis as { location?: { href: string } }).location?.href;
  const url = new URL(baseUrl, page);
  // Without a trailing slash the last path segment would be replaced instead of descended into.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/**
 * Loads a bundled dataset by name, in a browser or any runtime with `fetch` (in Node, import
 * `loadDataset` from `@tessera/data/node`, which reads the files directly).
 *
 * ```ts
 * const iris = await loadDataset('iris');   // { x, y, shape: [150, 4], featureNames, classNames, ... }
 * ```
 */
export async function loadDataset(name: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const op = 'loadDataset';
  const entry = findBundled(name, op);
  const base = datasetsBase(options.baseUrl);
  const doFetch = options.fetch ?? globalThis.fetch;
  if (!options.fetch && base.protocol === 'file:') {
    fail(op, `cannot fetch ${base.href} (file: URL); in Node use loadDataset from '@tessera/data/node'`);
  }
  if (typeof doFetch !== 'function') fail(op, 'no fetch function is available; pass options.fetch');
  const read: ReadBundled = async (path) => {
    const url = new URL(path, base);
    const response = await doFetch(url);
    if (!response.ok) fail(op, `${url.href}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  return loadEntry(entry, read, gunzipWeb);
}
