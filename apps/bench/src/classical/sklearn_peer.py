"""scikit-learn side of `pnpm bench classical`: reads the job the bench wrote, runs the same
workloads, prints one JSON object. Run by the bench with Debian's /usr/bin/python3."""
import json, os, sys, time
import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier
from sklearn.decomposition import PCA
from sklearn.cluster import KMeans
import warnings
warnings.filterwarnings('ignore')

job_dir = sys.argv[1]
job = json.load(open(os.path.join(job_dir, 'job.json')))

def load(name, shape, dtype):
    return np.fromfile(os.path.join(job_dir, name), dtype=dtype).reshape(shape)

def run(t, w, Xtr, ytr, Xte, yte):
    """One fit (and predict) of workload w on fresh copies of the data, timed."""
    out = {}
    t0 = time.perf_counter()
    if t == 'rf':
        m = RandomForestClassifier(n_estimators=w.get('trees', 100), n_jobs=-1, random_state=0).fit(Xtr, ytr)
    elif t == 'knn':
        m = KNeighborsClassifier(n_neighbors=5, n_jobs=-1).fit(Xtr, ytr)
    elif t == 'logreg':
        m = LogisticRegression(max_iter=w.get('iterations', 100)).fit(Xtr, ytr)
    elif t == 'tree':
        m = DecisionTreeClassifier(random_state=0).fit(Xtr, ytr)
    elif t == 'pca':
        m = PCA(n_components=w.get('components'), random_state=0).fit(Xtr)
    elif t == 'kmeans':
        m = KMeans(n_clusters=10, n_init=w.get('inits', 10), random_state=0).fit(Xtr)
    out['fit'] = time.perf_counter() - t0
    if t in ('rf', 'knn', 'logreg', 'tree'):
        t1 = time.perf_counter()
        p = m.predict(Xte)
        out['predict'] = time.perf_counter() - t1
        out['quality'] = float((p == yte).mean())
    elif t == 'pca':
        out['quality'] = m.explained_variance_ratio_.tolist()
    else:
        out['quality'] = float(m.inertia_)
    return out

results = []
for w in job['workloads']:
    d = w['data']
    Xtr = load(d['prefix'] + '.xtr', (d['ntr'], d['d']), np.float64)
    ytr = load(d['prefix'] + '.ytr', (d['ntr'],), np.int32)
    Xte = load(d['prefix'] + '.xte', (d['nte'], d['d']), np.float64)
    yte = load(d['prefix'] + '.yte', (d['nte'],), np.int32)
    t = w['task']
    runs = []
    for _ in range(job.get('repeats', 1)):
        runs.append(run(t, w, Xtr.copy(), ytr, Xte.copy(), yte))
    results.append(runs)
print(json.dumps({'version': sklearn.__version__, 'numpy': np.__version__, 'results': results}))
