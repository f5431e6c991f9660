import { conv2d, dense, dropout, flatten, maxPool2d, sequential, type Model } from '@tessera/nn';

/** What a model builder gets from the data: one sample's shape and the number of classes. */
export interface ModelInput {
  readonly inputShape: readonly number[];
  readonly numClasses: number;
}

/**
 * The small CNN of the Fashion-MNIST target: conv3x3 32 relu, maxpool 2, conv3x3 64 relu,
 * maxpool 2, flatten, dense 128 relu, dropout 0.5, dense softmax; 'valid' padding throughout.
 */
export function smallCnn({ inputShape, numClasses }: ModelInput): Model {
  return sequential({
    name: 'small_cnn',
    layers: [
      conv2d({ filters: 32, kernelSize: 3, activation: 'relu', padding: 'valid', inputShape: [...inputShape] }),
      maxPool2d({ poolSize: 2 }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'valid' }),
      maxPool2d({ poolSize: 2 }),
      flatten(),
      dense({ units: 128, activation: 'relu' }),
      dropout({ rate: 0.5 }),
      dense({ units: numClasses, activation: 'softmax' }),
    ],
  });
}

/** The MLP of the Fashion-MNIST target: flatten (784 for 28x28), dense 256 relu, dense 128 relu, dense softmax. */
export function mlp({ inputShape, numClasses }: ModelInput): Model {
  return sequential({
    name: 'mlp',
    layers: [
      flatten({ inputShape: [...inputShape] }),
      dense({ units: 256, activation: 'relu' }),
      dense({ units: 128, activation: 'relu' }),
      dense({ units: numClasses, activation: 'softmax' }),
    ],
  });
}

/** Builders by CLI name, with the sample rank each needs (null: any). */
export const BUILTIN_MODELS: Readonly<Record<string, { build: (input: ModelInput) => Model; rank: number | null; about: string }>> = {
  'small-cnn': { build: smallCnn, rank: 3, about: 'conv3x3 32, pool, conv3x3 64, pool, dense 128, dropout 0.5 (images)' },
  mlp: { build: mlp, rank: null, about: 'flatten, dense 256, dense 128 (any data)' },
};
