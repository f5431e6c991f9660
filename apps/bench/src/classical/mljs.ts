import { RandomForestClassifier } from 'ml-random-forest';
import KNN from 'ml-knn';
import { DecisionTreeClassifier } from 'ml-cart';
import LogisticRegression from 'ml-logistic-regression';
import { kmeans } from 'ml-kmeans';
import { PCA } from 'ml-pca';
import { Matrix as MlMatrix } from 'ml-matrix';
import { accuracy, timed, type Measure, type Workload } from './tasks.js';

/** Runs one workload with the ml.js package for that model, in this process. */
export async function runMljs(w: Workload): Promise<Measure> {
  const X = w.data.XTrain.toArray(), Xt = w.data.XTest.toArray();
  const { yTrain, yTest } = w.data;
  switch (w.task) {
    case 'rf': {
      // Bootstrap rows per tree (as scikit-learn); ml.js's out-of-bag pass fails on these inputs, so it is off.
      const m = new RandomForestClassifier({ nEstimators: w.trees ?? 100, seed: 0, useSampleBagging: true, replacement: true, noOOB: true });
      const [, fit] = await timed(() => m.train(X, yTrain));
      const [p, predict] = await timed(() => m.predict(Xt));
      return { quality: accuracy(p, yTest), fit, predict };
    }
    case 'knn': {
      const [m, fit] = await timed(() => new KNN(X, yTrain, { k: 5 }));
      const [p, predict] = await timed(() => m.predict(Xt));
      return { quality: accuracy(p, yTest), fit, predict };
    }
    case 'logreg': {
      const m = new LogisticRegression({ numSteps: w.iterations ?? 100, learningRate: 5e-3 });
      const [, fit] = await timed(() => m.train(new MlMatrix(X), MlMatrix.columnVector(yTrain)));
      const [p, predict] = await timed(() => m.predict(new MlMatrix(Xt)));
      return { quality: accuracy(p, yTest), fit, predict };
    }
    case 'tree': {
      const m = new DecisionTreeClassifier({ gainFunction: 'gini' });
      const [, fit] = await timed(() => m.train(X, yTrain));
      const [p, predict] = await timed(() => m.predict(Xt));
      return { quality: accuracy(p, yTest), fit, predict };
    }
    case 'pca': {
      const [m, fit] = await timed(() => new PCA(X, { method: 'SVD' }));
      const ratios = m.getExplainedVariance() as number[];
      return { quality: ratios.slice(0, w.components ?? ratios.length), fit };
    }
    case 'kmeans': {
      const [r, fit] = await timed(() => kmeans(X, 10, { initialization: 'kmeans++', seed: 0 }));
      let inertia = 0;
      X.forEach((row, i) => { const c = r.centroids[r.clusters[i]]; row.forEach((v, j) => { inertia += (v - c[j]) ** 2; }); });
      return { quality: inertia, fit };
    }
  }
}
