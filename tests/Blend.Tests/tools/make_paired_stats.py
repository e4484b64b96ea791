"""Makes TestData/stats/paired_scipy.json: paired t-test, t interval and Wilcoxon signed-rank p-values from scipy.

Run with Debian's python3-scipy (1.10.1): /usr/bin/python3 tests/Blend.Tests/tools/make_paired_stats.py
The tests read only the JSON; nothing in the build or CI needs Python.
"""
import json, os
import numpy as np
from scipy import stats

rng = np.random.default_rng(14)
cases = [
    [0.06, 0.04],
    [0.012, 0.031, -0.004, 0.020, 0.017],
    [0.5, 0.4, 0.3, 0.2, 0.1],
    [-0.01, 0.02, -0.03, 0.04, -0.05, 0.06],
    [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.010, -0.0005],
]
cases += [list(rng.normal(0.02, 0.03, n)) for n in (3, 5, 8, 12, 30, 60)]
# ties and zeros: scipy's normal approximation (mode="approx")
tied = [[0.01, 0.01, 0.02, -0.01, 0.03], [0.0, 0.02, 0.02, -0.01, 0.05, 0.04], [0.0, 0.0, 0.1, 0.2, -0.1, 0.3, 0.1]]

out = []
for d in cases + tied:
    d = np.asarray(d, dtype=float)
    n = len(d)
    t = stats.ttest_1samp(d, 0.0)
    sem = d.std(ddof=1) / np.sqrt(n)
    q = stats.t.ppf(0.975, n - 1)
    has_ties = len(np.unique(np.abs(d[d != 0]))) < np.count_nonzero(d)
    mode = "approx" if has_ties or np.any(d == 0) or n > 50 else "exact"
    w = stats.wilcoxon(d, mode=mode)
    out.append({"differences": d.tolist(), "t": float(t.statistic), "t_p": float(t.pvalue),
                "ci_low": float(d.mean() - q * sem), "ci_high": float(d.mean() + q * sem),
                "wilcoxon_p": float(w.pvalue), "wilcoxon_mode": mode})
special = {
    "t_ppf_975": {str(df): float(stats.t.ppf(0.975, df)) for df in (1, 2, 3, 4, 9, 29, 100)},
    "norm_sf": {str(z): float(stats.norm.sf(z)) for z in (-2.0, 0.0, 0.5, 1.96, 3.0, 6.0)},
}
path = os.path.join(os.path.dirname(__file__), "..", "TestData", "stats", "paired_scipy.json")
with open(path, "w") as f:
    json.dump({"scipy": __import__("scipy").__version__, "cases": out, "special": special}, f, indent=1)
