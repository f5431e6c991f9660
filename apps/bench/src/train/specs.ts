import { conv2d, dense, dropout, flatten, lenet5, maxPool2d, sequential, type Model } from '@tessera/nn';

/** One model of the issue-5 targets: settings shared by every framework, and its accuracy target. */
export interface TrainSpec {
  readonly key: 'small-cnn' | 'mlp' | 'lenet5';
  readonly label: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  /** Test accuracy to reach after `epochs` epochs on the full 60k/10k data. */
  readonly minAccuracy: number;
  /** Largest Tessera-wasm / PyTorch epoch-time ratio allowed, when the issue sets one. */
  readonly maxTimeRatio: number | null;
}

export const SPECS: readonly TrainSpec[] = [
  { key: 'small-cnn', label: 'small CNN', epochs: 2, batchSize: 64, lr: 1e-3, minAccuracy: 0.87, maxTimeRatio: 1 },
  { key: 'mlp', label: 'MLP 784-256-128-10', epochs: 3, batchSize: 128, lr: 1e-3, minAccuracy: 0.855, maxTimeRatio: 1.5 },
  // The issue gives no optimizer or batch size for LeNet-5: the CNN's (Adam 1e-3, batch 64).
  { key: 'lenet5', label: 'LeNet-5', epochs: 2, batchSize: 64, lr: 1e-3, minAccuracy: 0.82, maxTimeRatio: null },
];

/** The Tessera models, from @tessera/nn's public layers (LeNet-5 from its zoo). */
export function tesseraModel(key: TrainSpec['key']): Model {
  const inputShape = [28, 28, 1];
  switch (key) {
    case 'small-cnn':
      return sequential([
        conv2d({ filters: 32, kernelSize: 3, activation: 'relu', padding: 'valid', inputShape }),
        maxPool2d({ poolSize: 2 }),
        conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'valid' }),
        maxPool2d({ poolSize: 2 }),
        flatten(),
        dense({ units: 128, activation: 'relu' }),
        dropout({ rate: 0.5 }),
        dense({ units: 10, activation: 'softmax' }),
      ]);
    case 'mlp':
      return sequential([
        flatten({ inputShape }),
        dense({ units: 256, activation: 'relu' }),
        dense({ units: 128, activation: 'relu' }),
        dense({ units: 10, activation: 'softmax' }),
      ]);
    case 'lenet5':
      return lenet5({ inputShape: [28, 28, 1] });
  }
}

/** What one framework measured for one model. */
export interface RunResult {
  readonly framework: string;
  readonly model: TrainSpec['key'];
  readonly epochs: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly epochSeconds: readonly number[];
  /** Test accuracy after the last epoch; null when only speed was measured. */
  readonly accuracy: number | null;
  readonly note?: string;
}

export interface NotMeasured {
  readonly framework: string;
  readonly model: TrainSpec['key'] | '*';
  readonly reason: string;
}

/** The rows each run uses: the first `limit` training and `testLimit` test images. */
export interface BenchData {
  readonly dir: string;
  readonly files: { trainImages: string; trainLabels: string; testImages: string; testLabels: string };
  readonly limit: number;
  readonly testLimit: number;
}
