"""Writes test/fixtures/sklearn-cases.json: scikit-learn 1.2.1 results for option combinations
and error cases beyond the shared metrics fixtures (sample weights, label subsets, string labels,
pos_label, beta, max_fpr, ovo, top-k ties, multioutput, report text, ...).

Run with Debian's scikit-learn: /usr/bin/python3 scripts/gen-sklearn-cases.py
"""
import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn import metrics as M

assert sklearn.__version__ == "1.2.1", sklearn.__version__
warnings.simplefilter("ignore")
rng = np.random.default_rng(20240601)
cases = []


def enc(v):
    if isinstance(v, (np.ndarray, list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {str(k): enc(x) for k, x in v.items()}
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    if isinstance(v, np.str_):
        return str(v)
    return v


def add(name, fn, args, kwargs=None, call=None, **meta):
    kwargs = kwargs or {}
    try:
        out = (call or getattr(M, fn))(*args, **kwargs)
        expected = {"value": enc(out)}
    except Exception as e:  # scikit-learn raised: the port must throw too
        expected = {"error": f"{type(e).__name__}: {e}"}
    cases.append({"name": name, "fn": fn, "args": enc(list(args)), "kwargs": enc(kwargs), "expected": expected, **meta})


def labels(n, k, p=None):
    return rng.choice(k, size=n, p=p)


def noisy(y, k, flip=0.3):
    y = y.copy()
    m = rng.random(len(y)) < flip
    y[m] = rng.choice(k, size=m.sum())
    return y


def weights(n, zeros=False):
    w = np.round(rng.random(n) * 3, 2)
    if zeros:
        w[rng.choice(n, size=max(1, n // 5), replace=False)] = 0
    return w


def proba(n, k, decimals=None):
    p = rng.dirichlet(np.ones(k), size=n)
    if decimals is not None:
        p = np.round(p, decimals)
        p[:, -1] = np.round(1 - p[:, :-1].sum(axis=1), decimals)
        p = np.clip(p, 0, 1)
    return p


# ---- accuracy / balanced accuracy
for i in range(3):
    k = [2, 3, 5][i]
    yt = labels(30, k); yp = noisy(yt, k)
    add(f"accuracy_{k}", "accuracy_score", [yt, yp])
    add(f"accuracy_{k}_count", "accuracy_score", [yt, yp], {"normalize": False})
    add(f"accuracy_{k}_weighted", "accuracy_score", [yt, yp], {"sample_weight": weights(30)})
    add(f"balanced_accuracy_{k}", "balanced_accuracy_score", [yt, yp])
    add(f"balanced_accuracy_{k}_adjusted_weighted", "balanced_accuracy_score", [yt, yp], {"adjusted": True, "sample_weight": weights(30)})
add("accuracy_strings", "accuracy_score", [["a", "b", "c", "a"], ["a", "c", "c", "b"]])
add("balanced_accuracy_pred_only_class", "balanced_accuracy_score", [[0, 0, 1, 1], [0, 2, 1, 1]])
add("accuracy_error_mixed_types", "accuracy_score", [["a", "b"], [0, 1]])
add("accuracy_error_continuous", "accuracy_score", [[0.5, 1.0], [0, 1]])
add("accuracy_error_length", "accuracy_score", [[0, 1, 1], [0, 1]])

# ---- confusion matrix
yt = labels(40, 4); yp = noisy(yt, 4, 0.5)
add("cm_default", "confusion_matrix", [yt, yp])
add("cm_labels_reversed", "confusion_matrix", [yt, yp], {"labels": [3, 2, 1, 0]})
add("cm_labels_subset", "confusion_matrix", [yt, yp], {"labels": [2, 0]})
add("cm_labels_superset", "confusion_matrix", [yt, yp], {"labels": [0, 1, 2, 3, 7]})
add("cm_weighted", "confusion_matrix", [yt, yp], {"sample_weight": weights(40)})
for how in ["true", "pred", "all"]:
    add(f"cm_normalize_{how}", "confusion_matrix", [yt, yp], {"normalize": how, "labels": [0, 1, 2, 3, 7]})
add("cm_strings", "confusion_matrix", [["cat", "dog", "cat", "bird"], ["dog", "dog", "cat", "cat"]])
add("cm_negative_labels", "confusion_matrix", [[-1, 1, -1, 1, 5], [1, 1, -1, -1, 5]])
add("cm_error_label_not_in_true", "confusion_matrix", [[0, 1, 1], [0, 1, 0]], {"labels": [4, 5]})

# ---- precision / recall / f / fbeta
for seed_case in range(4):
    k = [2, 3, 4, 6][seed_case]
    yt = labels(36, k); yp = noisy(yt, k, 0.45)
    if k >= 4:
        yp[yp == k - 1] = 0  # a class never predicted
    sw = weights(36)
    for fn in ["precision_score", "recall_score", "f1_score"]:
        for avg in (["binary"] if k == 2 else []) + ["micro", "macro", "weighted", None]:
            for zd in [0, 1]:
                add(f"{fn}_{k}_{avg}_zd{zd}", fn, [yt, yp], {"average": avg, "zero_division": zd})
            add(f"{fn}_{k}_{avg}_weighted_samples", fn, [yt, yp], {"average": avg, "sample_weight": sw})
        add(f"{fn}_{k}_labels_subset", fn, [yt, yp], {"average": "macro", "labels": [1, 0]})
        add(f"{fn}_{k}_labels_absent", fn, [yt, yp], {"average": None, "labels": [0, 1, 9], "zero_division": 1})
    for beta in [0.0, 0.5, 2.0]:
        for avg in ["micro", "macro", "weighted", None]:
            add(f"fbeta_{k}_{beta}_{avg}", "fbeta_score", [yt, yp], {"beta": beta, "average": avg, "zero_division": 1})
    add(f"prfs_{k}", "precision_recall_fscore_support", [yt, yp])
yt = np.array([0, 0, 1, 1, 1, 0]); yp = np.array([0, 1, 1, 0, 1, 0])
add("precision_pos_label_0", "precision_score", [yt, yp], {"pos_label": 0})
add("f1_strings_pos_label", "f1_score", [["no", "yes", "yes", "no"], ["no", "yes", "no", "yes"]], {"pos_label": "yes"})
add("f1_error_strings_default_pos_label", "f1_score", [["no", "yes", "yes"], ["no", "yes", "no"]])
add("f1_error_multiclass_binary", "f1_score", [[0, 1, 2], [0, 1, 1]])
add("f1_error_average_samples", "f1_score", [[0, 1, 2], [0, 1, 1]], {"average": "samples"})
add("f1_error_bad_average", "f1_score", [[0, 1], [0, 1]], {"average": "mean"})
add("fbeta_error_negative_beta", "fbeta_score", [[0, 1], [0, 1]], {"beta": -1.0})
add("recall_single_class_pos_absent", "recall_score", [[0, 0, 0], [0, 0, 0]], {"zero_division": 1})
add("f1_weighted_no_true_of_labels", "f1_score", [[0, 0, 1], [0, 2, 1]], {"average": "weighted", "labels": [2], "zero_division": 1})
add("f1_weighted_nothing_anywhere", "f1_score", [[0, 0, 1], [0, 0, 1]], {"average": "weighted", "labels": [2], "zero_division": 1})

# ---- classification report (dict and text)
def report(*a, **kw):
    return M.classification_report(*a, **kw)
yt = labels(50, 3); yp = noisy(yt, 3, 0.4)
add("report_dict", "classification_report", [yt, yp], {"output_dict": True}, call=report)
add("report_text", "classification_report", [yt, yp], {}, call=report)
add("report_text_digits4", "classification_report", [yt, yp], {"digits": 4}, call=report)
add("report_text_names", "classification_report", [yt, yp], {"target_names": ["setosa", "versicolor", "a very long class name"]}, call=report)
add("report_labels_subset", "classification_report", [yt, yp], {"labels": [2, 0], "output_dict": True}, call=report)
add("report_labels_subset_text", "classification_report", [yt, yp], {"labels": [2, 0]}, call=report)
add("report_weighted_text", "classification_report", [yt, yp], {"sample_weight": weights(50)}, call=report)
add("report_weighted_dict", "classification_report", [yt, yp], {"sample_weight": weights(50), "output_dict": True}, call=report)
add("report_ties_text", "classification_report", [[0, 0, 0, 0, 0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]], {"digits": 2}, call=report)
add("report_eighths_text", "classification_report", [[0] * 8 + [1] * 8, [0] * 3 + [1] * 5 + [1] * 3 + [0] * 5], {"digits": 2}, call=report)
add("report_strings_text", "classification_report", [["b", "a", "c", "a"], ["b", "a", "a", "a"]], {"zero_division": 0}, call=report)
add("report_error_names", "classification_report", [[0, 1, 2], [0, 1, 1]], {"target_names": ["x", "y"]}, call=report)

# ---- ROC / PR curves and areas
def tupled(f):
    return lambda *a, **kw: [np.asarray(x) for x in f(*a, **kw)]
for i in range(4):
    n = [12, 25, 40, 60][i]
    yt = labels(n, 2)
    s = np.round(rng.random(n), [1, 2, 1, 3][i])  # rounding creates ties
    sw = weights(n, zeros=True)
    for drop in [False, True]:
        add(f"roc_{n}_drop{drop}", "roc_curve", [yt, s], {"drop_intermediate": drop}, call=tupled(M.roc_curve))
        add(f"roc_{n}_drop{drop}_weighted", "roc_curve", [yt, s], {"drop_intermediate": drop, "sample_weight": sw}, call=tupled(M.roc_curve))
    add(f"roc_{n}_pos0", "roc_curve", [yt, s], {"pos_label": 0}, call=tupled(M.roc_curve))
    add(f"pr_{n}", "precision_recall_curve", [yt, s], {}, call=tupled(M.precision_recall_curve))
    add(f"pr_{n}_weighted", "precision_recall_curve", [yt, s], {"sample_weight": sw}, call=tupled(M.precision_recall_curve))
    add(f"pr_{n}_pos0", "precision_recall_curve", [yt, s], {"pos_label": 0}, call=tupled(M.precision_recall_curve))
    add(f"auc_{n}", "roc_auc_score", [yt, s])
    add(f"auc_{n}_weighted", "roc_auc_score", [yt, s], {"sample_weight": sw})
    for mf in [0.1, 0.35, 0.8]:
        add(f"auc_{n}_maxfpr{mf}", "roc_auc_score", [yt, s], {"max_fpr": mf})
    add(f"ap_{n}", "average_precision_score", [yt, s])
    add(f"ap_{n}_weighted", "average_precision_score", [yt, s], {"sample_weight": sw})
    add(f"ap_{n}_pos0", "average_precision_score", [yt, s], {"pos_label": 0})
ys = np.array(["neg", "pos", "pos", "neg", "pos"]); s = np.array([0.1, 0.9, 0.4, 0.4, 0.7])
add("roc_strings_pos", "roc_curve", [ys, s], {"pos_label": "pos"}, call=tupled(M.roc_curve))
add("roc_error_strings_no_pos", "roc_curve", [ys, s], {}, call=tupled(M.roc_curve))
add("roc_minus_one_one", "roc_curve", [[-1, 1, 1, -1], [0.2, 0.3, 0.9, 0.1]], {}, call=tupled(M.roc_curve))
add("roc_multiclass_pos_label", "roc_curve", [[0, 1, 2, 2, 1], [0.2, 0.3, 0.9, 0.1, 0.5]], {"pos_label": 2}, call=tupled(M.roc_curve))
add("roc_error_multiclass", "roc_curve", [[0, 1, 2, 2, 1], [0.2, 0.3, 0.9, 0.1, 0.5]], {}, call=tupled(M.roc_curve))
add("auc_strings", "roc_auc_score", [ys, s])
add("auc_error_two_columns", "roc_auc_score", [[0, 1, 1, 0], [[0.8, 0.2], [0.3, 0.7], [0.4, 0.6], [0.9, 0.1]]])
add("auc_error_max_fpr", "roc_auc_score", [[0, 1, 1, 0], [0.2, 0.7, 0.6, 0.1]], {"max_fpr": 1.5})
add("ap_error_pos_label", "average_precision_score", [[0, 1, 1, 0], [0.2, 0.7, 0.6, 0.1]], {"pos_label": 2})
add("ap_error_multiclass", "average_precision_score", [[0, 1, 2, 0], [0.2, 0.7, 0.6, 0.1]])
add("auc_trapezoid", "auc", [[0, 0.25, 0.5, 1.0], [0, 0.5, 0.75, 1.0]])
add("auc_decreasing", "auc", [[1.0, 0.5, 0.0], [1.0, 0.5, 0.0]])
add("auc_error_not_monotonic", "auc", [[0, 1, 0.5], [0, 1, 1]])

for i in range(3):
    k = [3, 4, 5][i]
    n = 40
    yt = labels(n, k)
    p = proba(n, k, decimals=[None, 1, 2][i])
    sw = weights(n)
    for avg in ["macro", "weighted", "micro", None]:
        add(f"auc_ovr_{k}_{avg}", "roc_auc_score", [yt, p], {"multi_class": "ovr", "average": avg})
    add(f"auc_ovr_{k}_weighted_samples", "roc_auc_score", [yt, p], {"multi_class": "ovr", "sample_weight": sw})
    add(f"auc_ovr_{k}_micro_weighted_samples", "roc_auc_score", [yt, p], {"multi_class": "ovr", "average": "micro", "sample_weight": sw})
    for avg in ["macro", "weighted"]:
        add(f"auc_ovo_{k}_{avg}", "roc_auc_score", [yt, p], {"multi_class": "ovo", "average": avg})
    add(f"auc_error_raise_{k}", "roc_auc_score", [yt, p])
yt = np.array([0, 2, 2, 0, 2, 0]); p = proba(6, 3)
add("auc_ovo_labels_absent_class", "roc_auc_score", [yt, p], {"multi_class": "ovo", "labels": [0, 1, 2]})
add("auc_ovr_labels_absent_class", "roc_auc_score", [yt, p], {"multi_class": "ovr", "labels": [0, 1, 2]})
add("auc_error_columns", "roc_auc_score", [[0, 1, 2, 1], proba(4, 4)], {"multi_class": "ovr"})
add("auc_error_not_probabilities", "roc_auc_score", [[0, 1, 2, 1], proba(4, 3) * 2], {"multi_class": "ovr"})
add("auc_error_labels_unsorted", "roc_auc_score", [[0, 1, 2, 1], proba(4, 3)], {"multi_class": "ovr", "labels": [2, 1, 0]})
add("auc_error_ovo_none", "roc_auc_score", [[0, 1, 2, 1], proba(4, 3)], {"multi_class": "ovo", "average": None})
add("auc_strings_ovr", "roc_auc_score", [["b", "a", "c", "a", "c", "b"], proba(6, 3)], {"multi_class": "ovr"})

# ---- log loss
for i in range(3):
    k = [2, 3, 4][i]
    n = 25
    yt = labels(n, k)
    p = proba(n, k, decimals=2)
    add(f"logloss_{k}", "log_loss", [yt, p])
    add(f"logloss_{k}_weighted", "log_loss", [yt, p], {"sample_weight": weights(n)})
    add(f"logloss_{k}_sum", "log_loss", [yt, p], {"normalize": False})
    add(f"logloss_{k}_eps", "log_loss", [yt, p], {"eps": 0.05})
    add(f"logloss_{k}_unnormalized_rows", "log_loss", [yt, p * rng.uniform(0.5, 2, size=(n, 1))])
yt = labels(20, 2); p1 = np.round(rng.random(20), 2); p1[0] = 0.0; p1[1] = 1.0
add("logloss_binary_1d", "log_loss", [yt, p1])
add("logloss_binary_1d_extremes_float32", "log_loss", [yt, p1.astype(np.float32)], float32=True)
add("logloss_strings", "log_loss", [["spam", "ham", "ham", "spam"], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]])
add("logloss_labels_superset", "log_loss", [[0, 0, 2], proba(3, 3)], {"labels": [0, 1, 2]})
add("logloss_error_one_label", "log_loss", [[1, 1, 1], [0.5, 0.6, 0.9]])
add("logloss_error_columns", "log_loss", [[0, 1, 2], proba(3, 4)])
add("logloss_error_labels_columns", "log_loss", [[0, 1, 2], proba(3, 4)], {"labels": [0, 1, 2]})

# ---- top-k
for i in range(3):
    k_cls = [3, 4, 6][i]
    n = 30
    yt = labels(n, k_cls)
    sc = np.round(rng.random((n, k_cls)), 1)  # ties
    for k in [1, 2, 3]:
        add(f"topk_{k_cls}_{k}", "top_k_accuracy_score", [yt, sc], {"k": k})
    add(f"topk_{k_cls}_weighted", "top_k_accuracy_score", [yt, sc], {"k": 2, "sample_weight": weights(n)})
    add(f"topk_{k_cls}_count", "top_k_accuracy_score", [yt, sc], {"k": 2, "normalize": False})
yt = labels(20, 2)
add("topk_binary_proba_k1", "top_k_accuracy_score", [yt, np.round(rng.random(20), 2)], {"k": 1})
add("topk_binary_decision_k1", "top_k_accuracy_score", [yt, np.round(rng.normal(size=20), 2)], {"k": 1})
add("topk_binary_k2", "top_k_accuracy_score", [yt, rng.random(20)], {"k": 2})
add("topk_labels", "top_k_accuracy_score", [[0, 2, 2, 0], np.round(rng.random((4, 3)), 1)], {"k": 1, "labels": [0, 1, 2]})
add("topk_error_classes", "top_k_accuracy_score", [[0, 1, 2, 2], rng.random((4, 4))], {"k": 2})
add("topk_error_binary_2d", "top_k_accuracy_score", [[0, 1, 1, 0], rng.random((4, 3))], {"k": 2})

# ---- regression
for i in range(3):
    n = [15, 30, 8][i]
    outputs = [1, 3, 2][i]
    shape = (n,) if outputs == 1 else (n, outputs)
    yt = np.round(rng.normal(size=shape), 3); yp = np.round(yt + rng.normal(scale=0.5, size=shape), 3)
    sw = weights(n)
    multis = ["raw_values", "uniform_average"] + ([[0.2, 0.3, 0.5] if outputs == 3 else [1.0, 3.0]] if outputs > 1 else [])
    for mo in multis:
        tag = mo if isinstance(mo, str) else "custom"
        add(f"mse_{n}x{outputs}_{tag}", "mean_squared_error", [yt, yp], {"multioutput": mo})
        add(f"rmse_{n}x{outputs}_{tag}", "mean_squared_error", [yt, yp], {"multioutput": mo, "squared": False})
        add(f"mae_{n}x{outputs}_{tag}", "mean_absolute_error", [yt, yp], {"multioutput": mo, "sample_weight": sw})
        add(f"r2_{n}x{outputs}_{tag}", "r2_score", [yt, yp], {"multioutput": mo, "sample_weight": sw})
    add(f"mse_{n}x{outputs}_weighted", "mean_squared_error", [yt, yp], {"sample_weight": sw})
    add(f"r2_{n}x{outputs}_variance_weighted", "r2_score", [yt, yp], {"multioutput": "variance_weighted"})
yt = np.array([[1.0, 2.0], [1.0, 3.0], [1.0, 4.0]]); yp = np.array([[1.0, 2.5], [2.0, 3.0], [1.0, 4.5]])
add("r2_constant_column", "r2_score", [yt, yp], {"multioutput": "raw_values"})
add("r2_constant_column_not_forced", "r2_score", [yt, yp], {"multioutput": "raw_values", "force_finite": False})
add("r2_all_constant_variance_weighted", "r2_score", [[[1.0, 2.0], [1.0, 2.0]], [[1.0, 2.0], [0.0, 2.0]]], {"multioutput": "variance_weighted"})
add("r2_one_sample", "r2_score", [[1.0], [2.0]])
add("mse_error_outputs", "mean_squared_error", [[[1.0, 2.0]], [[1.0, 2.0, 3.0]]])
add("mse_error_custom_single", "mean_squared_error", [[1.0, 2.0], [1.0, 2.5]], {"multioutput": [0.5]})
add("mse_error_length", "mean_squared_error", [[1.0, 2.0], [1.0, 2.5, 3.0]])

# ---- more label types and options
add("topk_strings", "top_k_accuracy_score", [["a", "c", "b", "c"], np.round(rng.random((4, 3)), 1)], {"k": 2})
add("logloss_string_labels_option", "log_loss", [["x", "x", "z"], proba(3, 3, decimals=2)], {"labels": ["x", "y", "z"]})
add("report_zero_division_1_text", "classification_report", [[0, 0, 1, 1], [0, 0, 0, 2]], {"zero_division": 1}, call=report)
add("f1_micro_labels_subset", "f1_score", [[0, 1, 2, 2, 1], [0, 2, 2, 1, 1]], {"average": "micro", "labels": [1, 2]})
add("precision_labels_order_none", "precision_score", [[0, 1, 2, 2, 1], [0, 2, 2, 1, 1]], {"average": None, "labels": [2, 0]})
add("r2_weighted_constant", "r2_score", [[1.0, 1.0, 1.0], [1.0, 2.0, 1.0]], {"sample_weight": [1.0, 0.0, 2.0]})
add("pr_all_tied", "precision_recall_curve", [[0, 1, 1, 0], [0.3, 0.3, 0.3, 0.3]], {}, call=tupled(M.precision_recall_curve))
add("roc_negative_scores", "roc_curve", [[0, 1, 1, 0, 1], [-3.5, 2.0, -0.5, -0.5, 7.25]], {"drop_intermediate": False}, call=tupled(M.roc_curve))

out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "sklearn-cases.json")
with open(out, "w") as f:
    json.dump({"reference": f"scikit-learn {sklearn.__version__}", "cases": cases}, f, separators=(",", ":"))
print(f"{len(cases)} cases -> {os.path.normpath(out)}")
