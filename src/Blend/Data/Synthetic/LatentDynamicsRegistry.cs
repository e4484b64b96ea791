namespace Blend.Data.Synthetic;

/// <summary>
/// The latent dynamics <c>blend synth --generator</c> can use, by name. Adding a family means one
/// <see cref="ILatentDynamics"/> class and one line here; the options check, the generator and the CLI read this list.
/// </summary>
public static class LatentDynamicsRegistry
{
    private static readonly Dictionary<string, (string Description, Func<SyntheticOptions, ILatentDynamics> Create)> Families = new()
    {
        ["lorenz"] = ("Lorenz attractor", _ => new LorenzDynamics()),
        ["rnn"] = ("chaotic recurrent network", o => new ChaoticRnnDynamics(o.RnnUnits, SeededRandom.For(o.EffectivePopulationSeed, "rnn-coupling"))),
        ["rotation"] = ("rotational (jPCA-like) planes with noise", _ => new RotationalDynamics()),
    };

    /// <summary>The registered names, in registration order.</summary>
    public static IReadOnlyList<string> Names => [.. Families.Keys];

    /// <summary>"lorenz (Lorenz attractor), rnn (…), …" for help texts.</summary>
    public static string Described => string.Join(", ", Families.Select(f => $"{f.Key} ({f.Value.Description})"));

    /// <summary>Whether <paramref name="name"/> is a registered family (case-sensitive).</summary>
    public static bool Has(string name) => Families.ContainsKey(name);

    /// <summary>
    /// The dynamics named by <see cref="SyntheticOptions.Generator"/>; the RNN's coupling is drawn from the population seed.
    /// Raises <see cref="BlendInputException"/> for an unknown name.
    /// </summary>
    public static ILatentDynamics Create(SyntheticOptions options) =>
        Families.TryGetValue(options.Generator, out var family)
            ? family.Create(options)
            : throw new BlendInputException($"--generator must be one of {string.Join(", ", Families.Keys)}, got '{options.Generator}'");
}
