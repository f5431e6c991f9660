import { mlp as nnMlp, smallCnn as nnSmallCnn, type Model } from '@tessera/nn';

/** What a model builder gets from the data: one sample's shape and the number of classes. */
export interface ModelInput {
  readonly inputShape: readonly number[];
  readonly numClasses: number;
}

const smallCnn = ({ inputShape, numClasses }: ModelInput): Model =>
  nnSmallCnn({ inputShape: inputShape as [number, number, number], numClasses });
const mlp = ({ inputShape, numClasses }: ModelInput): Model => nnMlp({ inputShape, numClasses });

/** Builders by CLI name, with the sample rank each needs (null: any). */
export const BUILTIN_MODELS: Readonly<Record<string, { build: (input: ModelInput) => Model; rank: number | null; about: string }>> = {
  'small-cnn': { build: smallCnn, rank: 3, about: 'conv3x3 32, pool, conv3x3 64, pool, dense 128, dropout 0.5 (images)' },
  mlp: { build: mlp, rank: null, about: 'flatten, dense 256, dense 128 (any data)' },
};
