export { Dataset, type ShuffleOptions, type BatchOptions } from './dataset/dataset.js';
export { collate, type Batched } from './dataset/collate.js';
export { epochGenerator, bufferShuffle } from './dataset/shuffle.js';
export {
  fromTensors, fromArrays, fromArray, fromGenerator, type TensorRow, type HostColumn, type HostRow,
} from './dataset/sources.js';
export type { HostTensor, HostData } from './host.js';
export { isHostTensor } from './host.js';
export {
  splitIndices, partSizes, holdOutSplit, trainValTestSplit, trainTestSplit, takeRows, type SplitOptions, type Rows,
} from './splits.js';
export { parseIdx, decodeIdx, encodeIdx, isGzip, gunzipWeb, type IdxArray, type IdxDType, type IdxData, type Gunzip } from './idx.js';
export { IDX_FILES, DIGIT_CLASSES } from './idx-dataset.js';
export {
  parseCsvRecords, parseNumericCsv, parseNumber, type CsvOptions, type CsvRecords, type NumericCsvOptions, type NumericTable,
} from './csv.js';
export { toTensors, toDataset, type DataSplit, type LoadedDataset, type ToTensorOptions } from './loaded.js';
export { CATALOG, BUNDLED_DATASETS, FASHION_MNIST_CLASSES, findBundled, type CatalogEntry } from './catalog.js';
export { loadDataset, type LoadDatasetOptions } from './bundled.js';
