"""Expected values for tests/Blend.Tests/Evaluation/Identity/*ClassifierTests.cs from scikit-learn 1.2.1.

The C# tests never run Python; they hard-code what this prints. Data come from a 31-bit LCG that
IdentityTestData.Matrix recomputes exactly: x[i, j] = u / 1000 * scale[j] + offset[y_i][j] with u in [-1000, 1000].
    /usr/bin/python3 tests/Blend.Tests/tools/identity_classifier_expected.py
"""
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from scipy.special import logsumexp


def matrix(rows, scale, offsets, labels, seed):
    state = seed
    x = np.empty((rows, len(scale)))
    for i in range(rows):
        for j in range(len(scale)):
            state = (state * 1103515245 + 12345) % 2**31
            u = state % 2001 - 1000
            x[i, j] = u / 1000.0 * scale[j] + offsets[labels[i]][j]
    return x


def show(name, values, fmt="{!r}"):
    print(f"{name} = [{', '.join(fmt.format(v) for v in np.ravel(values))}]")


# kNN: 3 overlapping classes in 4 features.
knn_offsets = [[0.0, 0.0, 0.0, 0.0], [0.6, 0.3, 0.0, -0.2], [-0.3, 0.6, 0.4, 0.0]]
knn_train_y = [i % 3 if i % 7 else 0 for i in range(40)]
knn_test_y = [i % 3 for i in range(25)]
xtr = matrix(40, [1.0] * 4, knn_offsets, knn_train_y, 11)
xte = matrix(25, [1.0] * 4, knn_offsets, knn_test_y, 12)
knn = KNeighborsClassifier(5).fit(xtr, knn_train_y)
d, _ = KNeighborsClassifier(6).fit(xtr, knn_train_y).kneighbors(xte)
assert (d[:, 5] - d[:, 4]).min() > 1e-9, "a test row has tied 5th/6th neighbours"
show("knn_train_y", knn_train_y)
show("knn_expected", knn.predict(xte))


# Logistic, 3 classes (multinomial), unbalanced 30/20/10, columns on different scales.
def fit(x, y, **kw):
    return make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced", C=1.0, **kw)).fit(x, y)


def refine(pipeline, x, y):
    """lbfgs stops on its ftol even at tol=1e-12 (gradient ~1e-5): polish its solution to the exact optimum of the
    same objective, sum_i s_i (logsumexp(z_i) - z_i,y_i) + |W|^2 / 2, by Newton steps (pseudo-inverse: the
    multinomial intercepts are free along a common shift, kept at zero sum as lbfgs keeps them)."""
    z = np.hstack([pipeline[0].transform(x), np.ones((len(y), 1))])
    y = np.asarray(y)
    lr = pipeline[-1]
    rows, p = lr.coef_.shape
    counts = np.bincount(y)
    weights = len(y) / (len(counts) * counts[y])
    free = [1] if rows == 1 else list(range(rows))
    onehot = np.eye(len(counts))[y]
    theta = np.hstack([lr.coef_, lr.intercept_[:, None]])  # rows x (p + 1)
    penalty = np.ones(p + 1)
    penalty[p] = 0
    for _ in range(30):
        scores = np.zeros((len(y), len(counts)))
        scores[:, free] = z @ theta.T
        prob = np.exp(scores - logsumexp(scores, axis=1, keepdims=True))
        grad = ((weights[:, None] * (prob - onehot))[:, free].T @ z) + theta * penalty
        size = rows * (p + 1)
        hess = np.zeros((size, size))
        for a, ca in enumerate(free):
            for b, cb in enumerate(free):
                d = weights * prob[:, ca] * ((ca == cb) - prob[:, cb])
                hess[a * (p + 1):(a + 1) * (p + 1), b * (p + 1):(b + 1) * (p + 1)] = z.T @ (z * d[:, None])
            hess[a * (p + 1):(a + 1) * (p + 1), a * (p + 1):(a + 1) * (p + 1)] += np.diag(penalty)
        theta = theta - (np.linalg.pinv(hess) @ grad.ravel()).reshape(theta.shape)
    coef, intercept = theta[:, :p], theta[:, p]
    if rows > 1:
        intercept = intercept - intercept.mean()
    return coef, intercept


for name, classes, rows, labels in [
    ("multi", 3, 60, lambda i: [0, 0, 0, 1, 1, 2][i % 6]),
    ("binary", 2, 50, lambda i: 1 if i % 10 in (3, 7, 9) else 0),
]:
    offsets = [[0.0, 0.0, 0.0], [1.0, -5.0, 0.02], [-0.5, 4.0, 0.05]][:classes]
    scale = [1.0, 10.0, 0.1]
    ytr = [labels(i) for i in range(rows)]
    yte = [labels(i) for i in range(20)]
    xtr = matrix(rows, scale, offsets, ytr, 21 + classes)
    xte = matrix(20, scale, offsets, yte, 31 + classes)
    tight = fit(xtr, ytr, tol=1e-12, max_iter=100000)
    default = fit(xtr, ytr)
    lr = tight[-1]
    print(f"# {name}: {lr.n_iter_} iterations")
    show(f"{name}_coef", lr.coef_)
    show(f"{name}_intercept", lr.intercept_)
    coef, intercept = refine(tight, xtr, ytr)
    show(f"{name}_coef_exact", coef)
    show(f"{name}_intercept_exact", intercept)
    show(f"{name}_expected", tight.predict(xte))
    assert (tight.predict(xte) == default.predict(xte)).all()
    show(f"{name}_decision", tight.decision_function(xte)[:3])
