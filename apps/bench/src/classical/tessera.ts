import {
  DecisionTreeClassifier, KMeans, KNeighborsClassifier, LogisticRegression, PCA, RandomForestClassifier,
} from '@tessera/ml';
import { accuracy, timed, type Measure, type Workload } from './tasks.js';

/** Runs one workload with @tessera/ml on the active backend. */
export async function runTessera(w: Workload): Promise<Measure> {
  const { XTrain, yTrain, XTest, yTest } = w.data;
  switch (w.task) {
    case 'rf': {
      const [m, fit] = await timed(() => new RandomForestClassifier({ nEstimators: w.trees ?? 100, randomState: 0 }).fit(XTrain, yTrain));
      const [p, predict] = await timed(() => m.predict(XTest));
      const { threads, fallback } = m.threads_;
      return { quality: accuracy(p, yTest), fit, predict, note: fallback ? `random forest grown sequentially: ${fallback}` : `random forest grown on ${threads} worker threads` };
    }
    case 'knn': {
      const [m, fit] = await timed(() => new KNeighborsClassifier({ nNeighbors: 5 }).fit(XTrain, yTrain));
      const [p, predict] = await timed(() => m.predict(XTest));
      return { quality: accuracy(p, yTest), fit, predict };
    }
    case 'logreg': {
      const [m, fit] = await timed(() => new LogisticRegression({ maxIter: w.iterations ?? 100 }).fit(XTrain, yTrain));
      const [p, predict] = await timed(() => m.predict(XTest));
      return { quality: accuracy(p, yTest), fit, predict };
    }
    case 'tree': {
      const [m, fit] = await timed(() => new DecisionTreeClassifier({ randomState: 0 }).fit(XTrain, yTrain));
      const [p, predict] = await timed(() => m.predict(XTest));
      return { quality: accuracy(p, yTest), fit, predict };
    }
    case 'pca': {
      const [m, fit] = await timed(() => new PCA({ nComponents: w.components ?? null, randomState: 0 }).fit(XTrain));
      return { quality: Array.from(m.explainedVarianceRatio_), fit };
    }
    case 'kmeans': {
      const [m, fit] = await timed(() => new KMeans({ nClusters: 10, nInit: w.inits ?? 10, randomState: 0 }).fit(XTrain));
      return { quality: m.inertia_, fit };
    }
  }
}
