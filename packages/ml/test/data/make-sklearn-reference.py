"""Writes sklearn-reference.json: scikit-learn 1.2.1 results the ml tests compare with.

Run with Debian's system Python (python3-sklearn): /usr/bin/python3 make-sklearn-reference.py
Datasets are the CSVs in ../../../../../shared/datasets (scikit-learn's bundled copies).
"""
import json, os
import numpy as np
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.naive_bayes import GaussianNB
from sklearn.svm import SVC
from sklearn.linear_model import LogisticRegression, LinearRegression, Ridge
from sklearn.preprocessing import StandardScaler

here = os.path.dirname(os.path.abspath(__file__))
datasets = os.path.join(here, '..', '..', '..', '..', '..', 'shared', 'datasets')

def load(name):
    a = np.loadtxt(os.path.join(datasets, name), delimiter=',', skiprows=1)
    return a[:, :-1], a[:, -1].astype(int)

def tree_dict(t):
    tr = t.tree_
    return {'feature': tr.feature.tolist(), 'threshold': tr.threshold.tolist(),
            'left': tr.children_left.tolist(), 'right': tr.children_right.tolist(),
            'value': tr.value[:, 0, :].tolist(), 'impurity': tr.impurity.tolist(),
            'importances': t.feature_importances_.tolist()}

out = {'trees': [], 'gnb': [], 'svc': [], 'logreg': [], 'linear': []}
for ds in ['iris.csv', 'wine.csv', 'breast_cancer.csv']:
    X, y = load(ds)
    for params in [dict(random_state=0), dict(random_state=3, max_depth=4), dict(random_state=1, max_features='sqrt'),
                   dict(random_state=2, criterion='entropy', min_samples_leaf=3), dict(random_state=5, max_features=2, min_samples_split=10)]:
        t = DecisionTreeClassifier(**params).fit(X, y)
        out['trees'].append({'dataset': ds, 'kind': 'classifier', 'params': params, **tree_dict(t)})
    g = GaussianNB().fit(X, y)
    out['gnb'].append({'dataset': ds, 'theta': g.theta_.tolist(), 'var': g.var_.tolist(), 'proba': g.predict_proba(X[:10]).tolist()})
Xd, yd = load('digits.csv')
t = DecisionTreeClassifier(random_state=4, max_features=8).fit(Xd, yd)
out['trees'].append({'dataset': 'digits.csv', 'kind': 'classifier', 'params': dict(random_state=4, max_features=8), **tree_dict(t)})
Xw, yw = load('wine.csv')
target = Xw[:, 0]
Xr = Xw[:, 1:]
for params in [dict(random_state=0, max_depth=5), dict(random_state=1, max_features=4, min_samples_leaf=2)]:
    t = DecisionTreeRegressor(**params).fit(Xr, target)
    out['trees'].append({'dataset': 'wine.csv', 'kind': 'regressor', 'params': params, **tree_dict(t)})

Xi, yi = load('iris.csv')
Xs = StandardScaler().fit_transform(Xi)
for kernel in ['linear', 'rbf']:
    s = SVC(kernel=kernel, C=1.0).fit(Xs, yi)
    out['svc'].append({'kernel': kernel, 'predictions': s.predict(Xs).tolist(),
                       'n_support': s.n_support_.tolist(), 'decision_ovo': s.decision_function(Xs[:10]).tolist()})
    s2 = SVC(kernel=kernel, C=1.0).fit(Xs[yi < 2], yi[yi < 2])
    out['svc'].append({'kernel': kernel, 'binary': True, 'decision': s2.decision_function(Xs[yi < 2][:10]).tolist(), 'n_support': s2.n_support_.tolist()})
Xb, yb = load('breast_cancer.csv')
Xbs = StandardScaler().fit_transform(Xb)
lr = LogisticRegression(C=0.5, max_iter=1000, tol=1e-8).fit(Xbs, yb)
out['logreg'].append({'dataset': 'breast_cancer.csv', 'C': 0.5, 'coef': lr.coef_.tolist(), 'intercept': lr.intercept_.tolist()})
lin = LinearRegression().fit(Xr, target)
rid = Ridge(alpha=2.0).fit(Xr, target)
out['linear'] = {'ols_coef': lin.coef_.tolist(), 'ols_intercept': float(lin.intercept_), 'ridge_coef': rid.coef_.tolist(), 'ridge_intercept': float(rid.intercept_)}
json.dump(out, open(os.path.join(here, 'sklearn-reference.json'), 'w'))
print('trees', len(out['trees']))
