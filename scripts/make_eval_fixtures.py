#!/usr/bin/python3
"""Expected values for the evaluation tests, computed with scipy / scikit-learn / numpy.

Run once (with Debian's python3-scipy python3-sklearn python3-numpy) when a metric's
definition changes:  /usr/bin/python3 scripts/make_eval_fixtures.py
It writes tests/fixtures/eval/*.json: the inputs and the expected values side by side, so the
C++ tests (tests/eval_*.cpp) check against independent implementations without Python.
"""
import json
import os

import numpy as np
from scipy import stats
from scipy.spatial.distance import cdist, pdist
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import NearestNeighbors

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "eval")
rng = np.random.default_rng(20240605)


def write(name, payload):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")


def floats(a):
    return [float(x) for x in np.asarray(a).ravel()]


# --- one-dimensional statistics ------------------------------------------------------------
one_d = []
for case in range(4):
    n, m = [(40, 55), (200, 120), (15, 15), (300, 310)][case]
    a = rng.normal(0, 1, n)
    b = rng.normal(0.3 * case, 1 + 0.2 * case, m)
    if case == 2:  # ties and integer values
        a = np.round(a * 2)
        b = np.round(b * 2)
    one_d.append({
        "a": floats(a), "b": floats(b),
        "ks_statistic": float(stats.ks_2samp(a, b).statistic),
        "wasserstein1": float(stats.wasserstein_distance(a, b)),
        "pearson": float(stats.pearsonr(a[:min(n, m)], b[:min(n, m)])[0]),
        "population_sd_a": float(np.std(a)),
        "quantiles_a": {str(q): float(np.quantile(a, q)) for q in (0.05, 0.1, 0.5, 0.9)},
    })
write("one_d.json", one_d)

# --- ROC AUC with ties -------------------------------------------------------------------
auc_cases = []
for case in range(3):
    n = [50, 200, 31][case]
    labels = rng.integers(0, 2, n)
    scores = rng.normal(0, 1, n) + 0.8 * labels
    if case == 2:
        scores = np.round(scores)
    auc_cases.append({"scores": floats(scores), "labels": [int(x) for x in labels],
                      "auc": float(roc_auc_score(labels, scores))})
write("roc_auc.json", auc_cases)

# --- L2 logistic regression (C = 1), sklearn's objective -----------------------------------
logistic = []
for case in range(2):
    n, p = [(300, 4), (120, 6)][case]
    x = rng.normal(0, 1, (n, p))
    beta = rng.normal(0, 1, p)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(x @ beta + 0.3)))).astype(int)
    # newton-cholesky reaches the optimum to 1e-12 (lbfgs stops near 1e-4 in the gradient).
    model = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000, solver="newton-cholesky").fit(x, y)
    logistic.append({"x": [floats(r) for r in x], "y": [int(v) for v in y],
                     "weights": floats(model.coef_[0]), "intercept": float(model.intercept_[0]),
                     "probabilities": floats(model.predict_proba(x)[:, 1])})
write("logistic.json", logistic)

# --- pairwise: median distance, unbiased MMD², energy, nearest neighbours -------------------
def mmd2_unbiased(x, y, h):
    k = lambda a, b: np.exp(-cdist(a, b, "sqeuclidean") / (2 * h * h))
    kxx, kyy, kxy = k(x, x), k(y, y), k(x, y)
    m, n = len(x), len(y)
    return ((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
            - 2 * kxy.mean())


def energy(x, y):
    m, n = len(x), len(y)
    exy = cdist(x, y).mean()
    exx = cdist(x, x).sum() / (m * (m - 1))
    eyy = cdist(y, y).sum() / (n * (n - 1))
    return 2 * exy - exx - eyy, exx


x = rng.normal(0, 1, (60, 3))
y = rng.normal(0.4, 1.2, (45, 3))
h = float(np.median(pdist(x)))
e, exx = energy(x, y)
nn = NearestNeighbors(n_neighbors=2).fit(x)
dist, _ = nn.kneighbors(y)
write("pairwise.json", {"x": [floats(r) for r in x], "y": [floats(r) for r in y],
                        "median_distance_x": h, "mmd2_unbiased": float(mmd2_unbiased(x, y, h)),
                        "energy": float(e), "energy_within_x": float(exx),
                        "nearest": floats(dist[:, 0]), "second": floats(dist[:, 1])})

# --- fidelity on a small mixed table ------------------------------------------------------
def make_table(n, shift):
    age = np.round(rng.normal(40 + 5 * shift, 10, n))
    income = rng.gamma(2, 1000 * (1 + 0.3 * shift), n) * (rng.uniform(size=n) > 0.2)
    race = rng.choice(3, n, p=[0.5 - 0.1 * shift, 0.3, 0.2 + 0.1 * shift])
    treat = (rng.uniform(size=n) < 0.4 + 0.1 * shift).astype(int)
    score = 0.01 * age + 0.0002 * income + rng.normal(0, 1, n) + 0.5 * treat
    return {"age": age, "income": income, "race": race, "treat": treat, "score": score}


real, synth = make_table(150, 0), make_table(130, 1)
types = {"age": "integer", "income": "numerical", "race": "categorical", "treat": "binary",
         "score": "numerical"}
levels = {"race": ["black", "hispan", "white"], "treat": ["0", "1"]}
names = list(types)
numerical = [c for c in names if types[c] in ("numerical", "integer")]


def table_json(t):
    cols = []
    for c in names:
        col = {"name": c, "type": types[c], "values": floats(t[c])}
        if c in levels:
            col["levels"] = levels[c]
        cols.append(col)
    return {"columns": cols}


def qbins(r, s):
    edges = np.unique(np.quantile(r, [k / 10 for k in range(1, 10)]))
    return np.searchsorted(edges, r, side="left"), np.searchsorted(edges, s, side="left")


def cats(c):
    if c in numerical:
        return qbins(real[c], synth[c])
    return real[c].astype(int), synth[c].astype(int)


columns = {}
for c in names:
    if c in numerical:
        columns[c] = {"ks_complement": 1 - float(stats.ks_2samp(real[c], synth[c]).statistic),
                      "normalised_wasserstein1": float(stats.wasserstein_distance(real[c], synth[c]) / np.std(real[c]))}
    else:
        k = len(levels[c])
        p = np.bincount(real[c].astype(int), minlength=k) / len(real[c])
        q = np.bincount(synth[c].astype(int), minlength=k) / len(synth[c])
        columns[c] = {"tv_complement": float(1 - 0.5 * np.abs(p - q).sum())}
pairs = {}
for i, a in enumerate(names):
    for b in names[i + 1:]:
        if a in numerical and b in numerical:
            rr = stats.pearsonr(real[a], real[b])[0]
            rs = stats.pearsonr(synth[a], synth[b])[0]
            pairs[a + "|" + b] = float(1 - abs(rr - rs) / 2)
        else:
            ra, sa = cats(a)
            rb, sb = cats(b)
            ka, kb = max(ra.max(), sa.max()) + 1, max(rb.max(), sb.max()) + 1
            pr = np.zeros((ka, kb)); ps = np.zeros((ka, kb))
            np.add.at(pr, (ra, rb), 1); np.add.at(ps, (sa, sb), 1)
            pairs[a + "|" + b] = float(1 - 0.5 * np.abs(pr / pr.sum() - ps / ps.sum()).sum())


def encode(t):
    parts = []
    for c in names:
        if c in numerical:
            parts.append(((t[c] - real[c].mean()) / np.std(real[c]))[:, None])
        else:
            parts.append(np.eye(len(levels[c]))[t[c].astype(int)])
    return np.hstack(parts)


er, es = encode(real), encode(synth)
h = float(np.median(pdist(er)))
e, exx = energy(er, es)
by_arm = {}
for t in (0, 1):
    by_arm[str(t)] = float(mmd2_unbiased(er[real["treat"] == t], es[synth["treat"] == t], h))
share1 = real["treat"].mean()
write("fidelity.json", {
    "real": table_json(real), "synthetic": table_json(synth), "treatment": "treat",
    "columns": columns, "pairs": pairs, "bandwidth": h,
    "mmd2": float(mmd2_unbiased(er, es, h)), "mmd2_by_arm": by_arm,
    "mmd2_stratified": float((1 - share1) * by_arm["0"] + share1 * by_arm["1"]),
    "energy": float(e), "energy_normalised": float(e / exx),
    "dcr": floats(NearestNeighbors(n_neighbors=2).fit(er).kneighbors(es)[0][:, 0]),
})

# --- propensity overlap summaries on fixed propensities -------------------------------------
e = np.clip(rng.beta(2, 3, 400), 1e-3, 1 - 1e-3)
arms = (rng.uniform(size=400) < e).astype(int)
bins = np.clip((e * 50).astype(int), 0, 49)
h0 = np.bincount(bins[arms == 0], minlength=50) / (arms == 0).sum()
h1 = np.bincount(bins[arms == 1], minlength=50) / (arms == 1).sum()
w1, w0 = 1 / e[arms == 1], 1 / (1 - e[arms == 0])
inside = (e > 0.05) & (e < 0.95)
write("propensity.json", {
    "e": floats(e), "arms": [int(a) for a in arms],
    "auc": float(roc_auc_score(arms, e)), "overlap_coefficient": float(np.minimum(h0, h1).sum()),
    "share_within": float(inside.mean()), "share_within_control": float(inside[arms == 0].mean()),
    "share_within_treated": float(inside[arms == 1].mean()),
    "ess_control": float(w0.sum() ** 2 / (w0 ** 2).sum()),
    "ess_treated": float(w1.sum() ** 2 / (w1 ** 2).sum()),
})
print("wrote", sorted(os.listdir(OUT)))
