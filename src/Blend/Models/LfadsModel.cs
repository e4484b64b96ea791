using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Blend.Data;

namespace Blend.Models;

/// <summary>
/// LFADS as lfads-torch implements it (Sedler &amp; Pandarinath 2023; Pandarinath et al. 2018): a bidirectional clipped-GRU
/// initial-condition encoder and controller-input encoder over the held-in spikes of the main bins, a controller that
/// emits inferred inputs u_t, a generator started from the sampled initial condition, kernel-normalised factors with
/// dropout and a fan-in readout to log-rates over all (T + F) bins × N neurons. It trains on the ELBO with coordinated
/// dropout: recon (Poisson NLL, mean over scored entries, gradient only from entries hidden from the input) + ramped
/// L2 on the recurrent kernels + ramped, scaled KL of the IC (analytic, learned-mean prior) and of the inferred inputs
/// (single-sample, AR(1) prior). The trainer multiplies the loss by <c>loss_scale</c>.
/// <para>Choices where the spec leaves freedom:</para>
/// <list type="bullet">
/// <item>Training mode samples the posteriors; eval mode (validation, a frozen teacher, inference with
/// <c>posterior_samples</c> 0) uses the posterior means, so it is deterministic. The validation loss is the
/// reconstruction NLL over every scored entry of that posterior-mean pass (lfads-torch samples there).</item>
/// <item>Logged and validation NLLs leave out the Stirling term of lfads-torch's full Poisson NLL (it is constant in
/// the parameters), so they compare with the masked models' losses.</item>
/// <item>cd_rate 0 turns coordinated dropout off: no input rescaling and gradient from every entry.</item>
/// <item>The layer features are the factors (B × (T + F) × fac_dim, one layer): the low-dimensional latent every
/// log-rate is read from, equally wide in student and teacher.</item>
/// <item>A teacher's behavior (z-scored with a missing indicator by <see cref="BehaviorInput"/>) enters through its own
/// zero-initialised projections, built after every shared module, so a teacher with the student's seed starts as
/// that student: as the generator's external input (L1, [u_t ‖ dropout(b_t)] — the u part keeps the student's
/// N(0, 1/co_dim) init) or added to the encoders' input projections (L2, never hidden or rescaled by coordinated
/// dropout, input dropout applies).</item>
/// </list>
/// </summary>
public sealed class LfadsModel : NeuralDynamicsModel
{
    private readonly BidirectionalClippedGru ic_enc;
    private readonly BidirectionalClippedGru? ci_enc;
    private readonly Linear ic_linear, ic_to_g0;
    private readonly LfadsIcPrior ic_prior;
    private readonly ClippedGruCell? controller;
    private readonly Parameter? con_h0;
    private readonly Linear? co_linear;
    private readonly Ar1Prior? co_prior;
    private readonly ClippedGruCell generator;
    private readonly KernelNormalizedLinear factor_map;
    private readonly Linear readout;
    private readonly FastDropout dropout;
    private readonly BehaviorInput? behavior_input;
    private readonly Linear? behavior_to_generator;
    private readonly Linear? behavior_to_ic_enc, behavior_to_ci_enc;

    private readonly LfadsOptions _options;
    private readonly TrialLayout _layout;
    private readonly int _behaviorDims;

    /// <summary>Builds the encoders, controller (when <c>ci_enc_dim</c>, <c>con_dim</c> and <c>co_dim</c> are all &gt; 0), generator, factors and readout; a teacher's behavior projections are built last, zero-initialised.</summary>
    /// <param name="options">The <c>lfads:</c> section: sizes, dropout, priors, KL and L2 scales.</param>
    /// <param name="shared">The <c>model:</c> section; LFADS reads only its behavior-encoding switches (normalise, missing indicator, truncate).</param>
    /// <param name="layout">Trial geometry: the encoders read the held-in neurons of the main bins; the readout predicts every neuron.</param>
    /// <param name="behaviorDims">Behavior channels D for a teacher; 0 for a student.</param>
    public LfadsModel(LfadsOptions options, NdtOptions shared, TrialLayout layout, int behaviorDims = 0) : base("LFADS")
    {
        if (layout.HeldinNeurons < 1 || layout.MainBins < 1)
            throw new ArgumentException($"LFADS needs ≥ 1 held-in neuron and main bin, got {layout.HeldinNeurons} and {layout.MainBins}", nameof(layout));
        if (behaviorDims < 0) throw new ArgumentOutOfRangeException(nameof(behaviorDims), $"behavior dims must be ≥ 0, got {behaviorDims}");
        if (options.CdRate >= 1) throw new BlendInputException($"lfads.cd_rate = {options.CdRate} would hide every input entry");
        _options = options;
        _layout = layout;
        _behaviorDims = behaviorDims;
        HasController = options.CiEncDim > 0 && options.ConDim > 0 && options.CoDim > 0;
        int inputs = layout.HeldinNeurons;
        double clip = options.CellClip;

        ic_enc = new BidirectionalClippedGru(inputs, options.IcEncDim, clip);
        if (HasController) ci_enc = new BidirectionalClippedGru(inputs, options.CiEncDim, clip);
        ic_linear = FanInLinear(2 * options.IcEncDim, 2 * options.IcDim);
        ic_prior = new LfadsIcPrior(options.IcDim, options.IcPriorVar);
        ic_to_g0 = FanInLinear(options.IcDim, options.GenDim);
        if (HasController)
        {
            int conInputs = 2 * options.CiEncDim + options.FacDim;
            controller = new ClippedGruCell(conInputs, options.ConDim, clip, conInputs, options.ConDim);
            con_h0 = new Parameter(zeros(options.ConDim));
            co_linear = FanInLinear(options.ConDim, 2 * options.CoDim);
            co_prior = new Ar1Prior(options.CoDim, options.CoPriorTau, options.CoPriorNu);
        }
        int generatorInputs = HasController ? options.CoDim : 0;
        generator = new ClippedGruCell(generatorInputs, options.GenDim, clip, generatorInputs, options.GenDim);
        factor_map = new KernelNormalizedLinear(options.GenDim, options.FacDim);
        readout = FanInLinear(options.FacDim, layout.Neurons);
        dropout = new FastDropout(options.Dropout);

        if (behaviorDims > 0)
        {
            // Built last and zero-initialised: the shared modules draw the student's weights, and the teacher starts as it.
            behavior_input = new BehaviorInput(behaviorDims, shared.NormalizeBehavior, shared.BehaviorMissingIndicator, shared.TruncateBehavior);
            int width = behavior_input.OutputDims;
            if (options.BehaviorInput == LfadsBehaviorInput.Generator)
                behavior_to_generator = ZeroLinear(width, 3 * options.GenDim);
            else
            {
                // One projection per direction, stacked: 2 × 3H outputs.
                behavior_to_ic_enc = ZeroLinear(width, 2 * 3 * options.IcEncDim);
                if (HasController) behavior_to_ci_enc = ZeroLinear(width, 2 * 3 * options.CiEncDim);
            }
        }
        RegisterComponents();
    }

    /// <summary>False when ci_enc_dim, con_dim or co_dim is 0: no controller, and the generator is driven by its IC (and a teacher's behavior) only.</summary>
    public bool HasController { get; }

    /// <summary>The <c>lfads:</c> options the model was built with.</summary>
    public LfadsOptions Options => _options;

    /// <summary>The trial geometry the model was built for (its encoders read the held-in main block).</summary>
    public TrialLayout Layout => _layout;

    /// <summary>All neurons of the layout (held-in plus held-out), the width of the log-rate readout.</summary>
    public override int Neurons => _layout.Neurons;
    /// <summary>Behavior channels D of a teacher (0 for a student).</summary>
    public override int BehaviorDims => _behaviorDims;
    /// <summary><c>fac_dim</c>: the factors are the model's one feature layer.</summary>
    public override int FeatureWidth => _options.FacDim;
    /// <summary>1: the factors (B × (T + F) × <c>fac_dim</c>).</summary>
    public override int FeatureLayers => 1;
    /// <summary>False: LFADS trains with coordinated dropout on the unmasked spikes, so masked-pass inference does not apply.</summary>
    public override bool UsesMaskedInput => false;
    /// <summary><c>lfads.loss_scale</c>: the factor the trainer applies to the ELBO before back-propagation (1e4 by default).</summary>
    public override double LossScale => _options.LossScale;

    internal BidirectionalClippedGru IcEncoder => ic_enc;
    internal BidirectionalClippedGru? CiEncoder => ci_enc;
    internal ClippedGruCell Generator => generator;
    internal ClippedGruCell? Controller => controller;
    internal LfadsIcPrior IcPrior => ic_prior;
    internal Ar1Prior? CoPrior => co_prior;

    /// <summary>For a teacher, sets the behavior z-scoring statistics from the training trials' behavior (B × T × D, NaN ignored); a student (no behavior input) ignores it.</summary>
    public override void FitBehavior(Tensor trainingBehavior) => behavior_input?.Fit(trainingBehavior);

    /// <summary>One pass on the held-in main block of <paramref name="neural"/>: sampled posteriors in training mode, posterior means in eval mode.</summary>
    public override ModelOutput Forward(Tensor neural, Tensor? behavior = null)
    {
        using var scope = NewDisposeScope();
        var pass = Run(EncoderData(neural).nan_to_num(0), behavior, training, null, neural.shape[1]);
        return new ModelOutput(pass.LogRates.MoveToOuterDisposeScope(), [pass.Factors.MoveToOuterDisposeScope()]);
    }

    /// <summary>The unmasked input built from the raw spikes: held-in main block (NaN as 0), zeros elsewhere.</summary>
    public override Tensor TeacherInput(MaskedBatch batch) => UnmaskedInput(batch.RequireSpikes("an LFADS teacher"));

    /// <summary>
    /// The negative ELBO on the batch's raw spikes (before <see cref="LossScale"/>): Poisson NLL over the scored (non-NaN)
    /// entries, with gradient only from entries hidden by coordinated dropout, plus the ramped L2 penalty and the ramped,
    /// scaled KL terms of the initial condition and the inferred inputs.
    /// </summary>
    public override ModelLoss TrainingLoss(MaskedBatch batch)
    {
        using var scope = NewDisposeScope();
        var spikes = batch.RequireSpikes("LFADS' coordinated dropout");
        var encod = EncoderData(spikes).nan_to_num(0);
        // gradientMask: 1 where the recon loss carries gradient (entries hidden from the input, held-out, forward).
        Tensor input = encod, gradientMask = ones_like(spikes);
        if (_options.CdRate > 0)
        {
            var keep = Draw(encod.shape, batch.Generator, encod.device, normal: false).ge(_options.CdRate).to_type(encod.dtype);
            input = encod * keep / (1 - _options.CdRate);
            gradientMask.narrow(1, 0, _layout.MainBins).narrow(2, 0, _layout.HeldinNeurons).copy_(1 - keep);
        }
        var pass = Run(input, BehaviorDims > 0 ? batch.Behavior : null, training, batch.Generator, spikes.shape[1]);

        var scored = spikes.isnan().logical_not();
        var counts = spikes.nan_to_num(0);
        var nll = pass.LogRates.exp() - counts * pass.LogRates;
        // The value is the full NLL; gradient flows only through the entries of gradientMask.
        var routed = nll * gradientMask + (nll * (1 - gradientMask)).detach();
        var recon = where(scored, routed, zeros_like(routed)).sum() / scored.sum().to_type(routed.dtype);

        double klRamp = Ramp(batch.Epoch, _options.KlRampStart, _options.KlRampEpochs);
        double l2Ramp = Ramp(batch.Epoch, _options.L2RampStart, _options.L2RampEpochs);
        var loss = recon;
        var l2 = L2Penalty();
        if (l2 is not null) loss = loss + l2 * l2Ramp;
        var kl = ic_prior.Kl(pass.IcMean, pass.IcStd) * _options.KlIcScale;
        if (co_prior is not null)
        {
            var noise = Draw(pass.CoMean!.shape, batch.Generator, spikes.device, normal: true);
            kl = kl + co_prior.Kl(pass.CoMean, pass.CoStd!, noise) * _options.KlCoScale;
        }
        loss = loss + kl * klRamp;
        return MoveOut(loss, new ModelOutput(pass.LogRates, [pass.Factors]));
    }

    /// <summary>Poisson NLL summed over every non-NaN entry of the batch's spikes (all neurons and bins) for the posterior-mean pass, and the number of those entries.</summary>
    public override (Tensor Sum, Tensor Count) ValidationLoss(MaskedBatch batch)
    {
        using var scope = NewDisposeScope();
        var spikes = batch.RequireSpikes("LFADS' validation");
        var pass = Run(EncoderData(spikes).nan_to_num(0), BehaviorDims > 0 ? batch.Behavior : null, sample: false, null, spikes.shape[1]);
        var (sum, count) = MaskedPoissonLoss.SumAndCount(pass.LogRates, spikes.nan_to_num(Masker.Unscored));
        return (sum.MoveToOuterDisposeScope(), count.MoveToOuterDisposeScope());
    }

    /// <summary>Posterior means (posterior_samples 0), or the log of the mean rate over K sampled passes (dropout stays off in eval mode).</summary>
    public override Tensor PredictLogRates(Tensor unmaskedInput, Tensor? behavior)
    {
        using var scope = NewDisposeScope();
        var encod = EncoderData(unmaskedInput);
        long bins = unmaskedInput.shape[1];
        if (_options.PosteriorSamples == 0) return Run(encod, behavior, sample: false, null, bins).LogRates.MoveToOuterDisposeScope();
        Tensor? rateSum = null;
        for (int k = 0; k < _options.PosteriorSamples; k++)
        {
            var rates = Run(encod, behavior, sample: true, null, bins).LogRates.exp();
            rateSum = rateSum is null ? rates : rateSum + rates;
        }
        return (rateSum! / _options.PosteriorSamples).log().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// lfads-torch's latents of the posterior-mean pass (eval mode): factors, generator states and, with a controller, the
    /// inferred inputs (the controller outputs' posterior means u_t).
    /// </summary>
    public override IReadOnlyList<NamedLatent> PredictLatents(Tensor unmaskedInput, Tensor? behavior)
    {
        using var scope = NewDisposeScope();
        var pass = Run(EncoderData(unmaskedInput).nan_to_num(0), behavior, sample: false, null, unmaskedInput.shape[1]);
        var latents = new List<NamedLatent>
        {
            new("factors", pass.Factors.MoveToOuterDisposeScope()),
            new("generator_states", pass.GeneratorStates.MoveToOuterDisposeScope()),
        };
        if (pass.CoMean is not null) latents.Add(new("inferred_inputs", pass.CoMean.MoveToOuterDisposeScope()));
        return latents;
    }

    /// <summary>ramp(start, n) = clamp((epoch + 1 − start)/(n + 1), 0, 1) for a 0-based epoch.</summary>
    public static double Ramp(int epoch, int start, int epochs) => Math.Clamp((epoch + 1.0 - start) / (epochs + 1.0), 0, 1);

    /// <summary>
    /// Σ s_k·½‖W_k‖² / (Σ numel(W_k) + 1e-8) over the recurrent kernels whose scale s_k is &gt; 0 (null when none is).
    /// </summary>
    public Tensor? L2Penalty()
    {
        var kernels = new List<(double Scale, Tensor Kernel)>
        {
            (_options.L2IcEncScale, ic_enc.ForwardCell.RecurrentWeight),
            (_options.L2IcEncScale, ic_enc.BackwardCell.RecurrentWeight),
            (_options.L2GenScale, generator.RecurrentWeight),
        };
        if (ci_enc is not null)
        {
            kernels.Add((_options.L2CiEncScale, ci_enc.ForwardCell.RecurrentWeight));
            kernels.Add((_options.L2CiEncScale, ci_enc.BackwardCell.RecurrentWeight));
        }
        if (controller is not null) kernels.Add((_options.L2ConScale, controller.RecurrentWeight));
        var active = kernels.Where(k => k.Scale > 0).ToArray();
        if (active.Length == 0) return null;
        using var scope = NewDisposeScope();
        Tensor? total = null;
        foreach (var (s, kernel) in active)
        {
            var term = kernel.square().sum() * (0.5 * s);
            total = total is null ? term : total + term;
        }
        double size = active.Sum(k => (double)k.Kernel.numel()) + 1e-8;
        return (total! / size).MoveToOuterDisposeScope();
    }

    /// <summary>Everything one pass computes (B = trials, T = recon bins).</summary>
    internal sealed record Pass(Tensor LogRates, Tensor Factors, Tensor IcMean, Tensor IcStd, Tensor? CoMean, Tensor? CoStd)
    {
        /// <summary>The generator's states g_t (B × T × gen_dim).</summary>
        public required Tensor GeneratorStates { get; init; }
    }

    /// <summary>
    /// The encoders and the decoder on encoder data <paramref name="encod"/> (B × main bins × held-in, already
    /// CD-rescaled in training), unrolled over <paramref name="bins"/> recon bins.
    /// </summary>
    internal Pass Run(Tensor encod, Tensor? behavior, bool sample, Generator? random, long bins)
    {
        if (BehaviorDims > 0 && behavior is null) throw new ArgumentException("this LFADS is a teacher: it needs behavior input", nameof(behavior));
        if (bins < _layout.MainBins) throw new ArgumentException($"LFADS needs ≥ {_layout.MainBins} bins, got {bins}", nameof(bins));
        long batch = encod.shape[0];
        int mainBins = _layout.MainBins;
        var o = _options;
        var encoded = behavior_input?.Forward(behavior!);

        // --- Encoders
        var x = dropout.forward(encod);
        Tensor? behaviorMain = encoded is null || behavior_to_ic_enc is null ? null : dropout.forward(encoded.narrow(1, 0, mainBins));
        Tensor icMean, icStd, initialCondition;
        if (o.Causal)
        {
            // No encoder reads the trial ahead: every trial starts from the prior's (learned) mean, and its KL is zero.
            icMean = ic_prior.Mean.unsqueeze(0).expand(batch, o.IcDim);
            icStd = full_like(icMean, Math.Sqrt(o.IcPriorVar));
            initialCondition = icMean;
        }
        else
        {
            var (_, icForward, icBackward) = ic_enc.Run(x, DirectionProjections(behavior_to_ic_enc, behaviorMain, o.IcEncDim), keepOutputs: false);
            var icParameters = ic_linear.forward(dropout.forward(cat([icForward, icBackward], -1)));
            icMean = icParameters.narrow(-1, 0, o.IcDim);
            icStd = icParameters.narrow(-1, o.IcDim, o.IcDim).exp().add(o.IcPostVarMin).sqrt();
            initialCondition = sample ? icMean + icStd * Draw(icMean.shape, random, icMean.device, normal: true) : icMean;
        }

        // --- Per-bin inputs computed before the loop: controller input from the lagged CI encoding, generator bias (+ behavior).
        var factorWeight = factor_map.NormalizedWeight(); // fac × gen
        var generatorBase = generator.ProjectInput(zeros(batch, bins, generator.InputSize, device: encod.device));
        if (behavior_to_generator is not null) generatorBase = generatorBase + behavior_to_generator.forward(dropout.forward(encoded!));
        Tensor[]? controllerGates = null, controllerCandidates = null, coNoise = null;
        Tensor? controllerFactorKernel = null, generatorInputKernel = null, coWeight = null;
        ClippedGruCell.Kernels? controllerKernels = null;
        if (controller is not null)
        {
            var (ciOutputs, _, _) = ci_enc!.Run(x, DirectionProjections(behavior_to_ci_enc, behaviorMain, o.CiEncDim), keepOutputs: true);
            // Causal: the backward direction would read the bins ahead; the controller gets the forward one only.
            if (o.Causal) ciOutputs = cat([ciOutputs.narrow(-1, 0, o.CiEncDim), zeros_like(ciOutputs.narrow(-1, o.CiEncDim, o.CiEncDim))], -1);
            var ci = LagAndPad(ciOutputs, o.CiEncDim, o.CiLag, bins);
            int ciWidth = 2 * o.CiEncDim;
            var controllerBase = nn.functional.linear(dropout.forward(ci), controller.InputWeight.narrow(1, 0, ciWidth), controller.InputBias);
            // The factor part of the controller input is added per step, one matmul for all three gates.
            controllerFactorKernel = controller.InputWeight.narrow(1, ciWidth, o.FacDim).t();
            controllerKernels = ClippedGruCell.Kernels.Split(controller.RecurrentWeight.t());
            generatorInputKernel = generator.InputWeight.t();
            coWeight = co_linear!.weight!.t();
            if (sample) coNoise = Draw([batch, bins, o.CoDim], random, encod.device, normal: true).unbind(1);
            var (gates, candidate) = ClippedGruCell.Split(controllerBase, o.ConDim);
            (controllerGates, controllerCandidates) = (gates.unbind(1), candidate.unbind(1));
        }
        var generatorKernels = ClippedGruCell.Kernels.Split(generator.RecurrentWeight.t());
        // Per-step slices made once (unbind's backward is one stack; per-step select would zero-fill the whole sequence each step).
        var generatorSteps = generatorBase.unbind(1);

        // --- Decoder
        var g = ic_to_g0.forward(initialCondition);
        var f = nn.functional.linear(dropout.forward(g), factorWeight);
        var c = controller is null ? null : con_h0!.unsqueeze(0).expand(batch, o.ConDim);
        var states = new Tensor[bins];
        var factors = controller is null ? null : new Tensor[bins];
        var coMeans = controller is null ? null : new Tensor[bins];
        var coStds = controller is null ? null : new Tensor[bins];
        int conDim = o.ConDim, genDim = o.GenDim;
        for (int t = 0; t < bins; t++)
        {
            using var step = NewDisposeScope();
            var generatorInput = generatorSteps[t];
            if (controller is not null)
            {
                var fromFactors = dropout.forward(f).matmul(controllerFactorKernel!);
                var gatesInput = controllerGates![t] + fromFactors.narrow(-1, 0, 2 * conDim);
                var candidateInput = controllerCandidates![t] + fromFactors.narrow(-1, 2 * conDim, conDim);
                c = ClippedGruCell.Step(gatesInput, candidateInput, c!, controllerKernels!, o.CellClip).MoveToOuterDisposeScope();
                var coParameters = co_linear!.bias!.addmm(c, coWeight!);
                var coMean = coParameters.narrow(-1, 0, o.CoDim);
                var coStd = coParameters.narrow(-1, o.CoDim, o.CoDim).mul(0.5).exp();
                var u = coNoise is null ? coMean : coMean.addcmul(coStd, coNoise[t], 1);
                generatorInput = generatorInput.addmm(u, generatorInputKernel!);
                coMeans![t] = coMean.MoveToOuterDisposeScope();
                coStds![t] = coStd.MoveToOuterDisposeScope();
            }
            g = ClippedGruCell.Step(generatorInput.narrow(-1, 0, 2 * genDim), generatorInput.narrow(-1, 2 * genDim, genDim), g, generatorKernels,
                o.CellClip).MoveToOuterDisposeScope();
            states[t] = g;
            if (factors is not null)
            {
                f = nn.functional.linear(dropout.forward(g), factorWeight).MoveToOuterDisposeScope();
                factors[t] = f;
            }
        }
        var generatorStates = stack(states, 1);
        // Without a controller nothing in the loop reads the factors: one matmul over all bins.
        var factorSequence = factors is null ? nn.functional.linear(dropout.forward(generatorStates), factorWeight) : stack(factors, 1);
        var logRates = readout.forward(factorSequence);
        return new Pass(logRates, factorSequence, icMean, icStd,
            coMeans is null ? null : stack(coMeans, 1), coStds is null ? null : stack(coStds, 1))
        {
            GeneratorStates = generatorStates,
        };
    }

    /// <summary>
    /// ci_t = [fwd_{t−lag} ‖ bwd_{t+lag}] (zeros where out of range), zero-padded to <paramref name="bins"/> bins: the
    /// controller at bin t never sees the spikes of bin t when lag ≥ 1. <paramref name="outputs"/> is B × T × 2H.
    /// </summary>
    internal static Tensor LagAndPad(Tensor outputs, int hidden, int lag, long bins)
    {
        long steps = outputs.shape[1];
        var forward = outputs.narrow(-1, 0, hidden);
        var backward = outputs.narrow(-1, hidden, hidden);
        if (lag > 0)
        {
            long kept = Math.Max(0, steps - lag), shift = Math.Min(lag, steps);
            forward = nn.functional.pad(forward.narrow(1, 0, kept), [0, 0, shift, 0]);
            backward = nn.functional.pad(backward.narrow(1, shift, kept), [0, 0, 0, shift]);
        }
        return nn.functional.pad(cat([forward, backward], -1), [0, 0, 0, bins - steps]);
    }

    /// <summary>The held-in neurons of the main bins (B × T × N_in), the encoders' data.</summary>
    private Tensor EncoderData(Tensor neural) => neural.narrow(1, 0, _layout.MainBins).narrow(2, 0, _layout.HeldinNeurons);

    private Tensor UnmaskedInput(Tensor spikes)
    {
        var input = zeros_like(spikes);
        using (NewDisposeScope()) EncoderData(input).copy_(EncoderData(spikes).nan_to_num(0));
        return input;
    }

    /// <summary>A behavior projection to both directions' input projections, as the 2 × B × T × 3H stack the encoder adds.</summary>
    private static Tensor? DirectionProjections(Linear? projection, Tensor? behavior, int hidden)
    {
        if (projection is null || behavior is null) return null;
        var both = projection.forward(behavior); // B × T × 6H
        return stack([both.narrow(-1, 0, 3 * hidden), both.narrow(-1, 3 * hidden, 3 * hidden)]);
    }

    /// <summary>Uniform or standard-normal draws from <paramref name="random"/> (CPU generator) or torch's default one, on <paramref name="device"/>.</summary>
    private static Tensor Draw(long[] shape, Generator? random, Device device, bool normal)
    {
        if (random is null) return normal ? randn(shape, device: device) : rand(shape, device: device);
        var values = normal ? randn(shape, generator: random) : rand(shape, generator: random);
        return values.device == device ? values : values.to(device);
    }

    /// <summary>lfads-torch's init_linear_: weight ~ N(0, 1/in_features), bias 0.</summary>
    private static Linear FanInLinear(int inputs, int outputs)
    {
        var linear = nn.Linear(inputs, outputs);
        using var _ = no_grad();
        linear.weight!.normal_(0, 1 / Math.Sqrt(inputs));
        linear.bias!.zero_();
        return linear;
    }

    private static Linear ZeroLinear(int inputs, int outputs)
    {
        var linear = nn.Linear(inputs, outputs, hasBias: false);
        using var _ = no_grad();
        linear.weight!.zero_();
        return linear;
    }
}
