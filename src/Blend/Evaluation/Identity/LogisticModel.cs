using Blend.Data;

namespace Blend.Evaluation.Identity;

/// <summary>
/// A fitted logistic regression on standardised features, laid out as scikit-learn's: <see cref="Classes"/> are the
/// labels seen in training (ascending); <see cref="Coefficients"/> is rows × features row-major with one row for
/// two classes (the second class's logit against 0) or one row per class, and <see cref="Intercepts"/> one per row.
/// </summary>
public sealed record LogisticModel(StandardScaler Scaler, int[] Classes, double[] Coefficients, double[] Intercepts)
{
    /// <summary>Feature columns the model reads.</summary>
    public int Features => Scaler.Mean.Length;

    /// <summary>Rows of <see cref="Coefficients"/>: 1 for a binary model, else the number of classes.</summary>
    public int Rows => Intercepts.Length;

    /// <summary>sklearn's <c>decision_function</c> of the raw (unscaled) rows: rows × <see cref="Rows"/>.</summary>
    public RowMatrix Decision(RowMatrix x)
    {
        var scaled = Scaler.Transform(x);
        var result = new RowMatrix(x.Rows, Rows);
        for (int i = 0; i < x.Rows; i++)
        {
            ReadOnlySpan<double> row = scaled.Row(i);
            for (int r = 0; r < Rows; r++)
            {
                double z = Intercepts[r];
                ReadOnlySpan<double> w = Coefficients.AsSpan(r * Features, Features);
                for (int j = 0; j < Features; j++) z += w[j] * row[j];
                result[i, r] = z;
            }
        }
        return result;
    }

    /// <summary>Predicted labels: the second class where the binary decision is &gt; 0, else the first largest logit.</summary>
    public int[] Predict(RowMatrix x)
    {
        var decision = Decision(x);
        var predicted = new int[x.Rows];
        for (int i = 0; i < x.Rows; i++)
        {
            if (Rows == 1)
            {
                predicted[i] = Classes[decision[i, 0] > 0 ? 1 : 0];
                continue;
            }
            int best = 0;
            for (int r = 1; r < Rows; r++) if (decision[i, r] > decision[i, best]) best = r;
            predicted[i] = Classes[best];
        }
        return predicted;
    }
}
