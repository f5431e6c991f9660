import { fail } from '@tessera/tensor';
import { IDX_FILES } from './idx-dataset.js';

/** A dataset shipped in the package's `datasets/` folder. */
export interface CatalogEntry {
  readonly name: string;
  readonly kind: 'csv' | 'idx';
  /** Paths inside `datasets/`: one CSV, or the four IDX files (train images/labels, test images/labels). */
  readonly files: readonly string[];
  readonly classNames: readonly string[];
  readonly description: string;
}

const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const SKLEARN = 'scikit-learn 1.2.1 bundled copy (BSD-3-Clause), data from the UCI Machine Learning Repository';

export const CATALOG: readonly CatalogEntry[] = [
  { name: 'iris', kind: 'csv', files: ['iris.csv'], classNames: ['setosa', 'versicolor', 'virginica'],
    description: `Fisher's Iris: 150 rows x 4 features, 3 classes. ${SKLEARN}.` },
  { name: 'wine', kind: 'csv', files: ['wine.csv'], classNames: ['class_0', 'class_1', 'class_2'],
    description: `Wine recognition (Forina et al.): 178 rows x 13 features, 3 classes. ${SKLEARN}.` },
  { name: 'breast_cancer', kind: 'csv', files: ['breast_cancer.csv'], classNames: ['malignant', 'benign'],
    description: `Breast Cancer Wisconsin (Diagnostic): 569 rows x 30 features, 2 classes. ${SKLEARN}.` },
  { name: 'digits', kind: 'csv', files: ['digits.csv'], classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    description: `Optical recognition of handwritten digits, 8x8 images flattened: 1797 rows x 64 features (0..16), 10 classes. ${SKLEARN}.` },
  { name: 'fashion_mnist', kind: 'idx',
    files: [IDX_FILES.trainImages, IDX_FILES.trainLabels, IDX_FILES.testImages, IDX_FILES.testLabels].map((f) => `fashion-mnist/${f}.gz`),
    classNames: FASHION_CLASSES,
    description: 'Fashion-MNIST subset, 28x28 grayscale: 500 training images per class (5000) and 100 test images per class (1000), '
      + 'the first of each class in the official files. Fashion-MNIST (c) 2017 Zalando SE, MIT license.' },
];

/** Names `loadDataset` accepts; `-` and `_` are interchangeable and case is ignored. */
export const BUNDLED_DATASETS: readonly string[] = CATALOG.map((e) => e.name);

export function findBundled(name: string, op = 'loadDataset'): CatalogEntry {
  if (typeof name !== 'string') fail(op, `expects a dataset name, got ${JSON.stringify(name)}`);
  const key = name.trim().toLowerCase().replace(/-/g, '_');
  const entry = CATALOG.find((e) => e.name === key);
  if (!entry) fail(op, `unknown dataset "${name}" (bundled: ${BUNDLED_DATASETS.join(', ')})`);
  return entry;
}

export const FASHION_MNIST_CLASSES: readonly string[] = FASHION_CLASSES;
