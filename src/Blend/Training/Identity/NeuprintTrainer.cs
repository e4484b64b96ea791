using Blend.Distillation;
using Blend.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Blend.Data;

namespace Blend.Training.Identity;

/// <summary>
/// Trains NeuPRINT (Mi et al. 2023, its released code): the dynamics model and the embedding table
/// Φ jointly by masked reconstruction, optionally distilled from a frozen teacher through any
/// <see cref="IDistillationStrategy"/>; and re-fits a fresh Φ for every identity with the model frozen, which gives
/// the embeddings the classifiers read. Two code quirks are fixed rather than copied: gradients are zeroed every
/// step (the code zeroes once per 100-step epoch) and the last sampled neuron is not always masked.
/// </summary>
public static class NeuprintTrainer
{
    private const int ValidationBatches = 8;

    /// <summary>
    /// Joint training of <paramref name="model"/> and <paramref name="embeddings"/> on <paramref name="sessions"/>.
    /// With a <paramref name="teacher"/> and <paramref name="strategy"/>, the objective is
    /// α·own loss + (1 − α)·strategy(student, teacher) (+ w·‖A·Φ_student − Φ_teacher‖² when
    /// <c>embedding_distillation</c> &gt; 0), the teacher seeing the same masked batch plus behaviour.
    /// Returns the per-epoch history. With a <paramref name="checkpoint"/> path, the state is saved there at the end of every
    /// epoch and, when the file exists, training continues from it (the same weights as an uninterrupted run). Past
    /// <paramref name="deadline"/>, training ends after the current step (the history's last step tells how far it got).
    /// </summary>
    public static IReadOnlyList<NeuprintEpoch> Train(
        NeuprintModel model, NeuronEmbeddingTable embeddings, IReadOnlyList<SessionTensors> sessions, NeuprintTrainingOptions options,
        long seed, NeuprintTeacher? teacher = null, IDistillationStrategy? strategy = null,
        IProgress<NeuprintEpoch>? progress = null, CancellationToken cancellation = default, string? checkpoint = null, DateTime? deadline = null)
    {
        if ((teacher is null) != (strategy is null)) throw new ArgumentException("distillation needs both a teacher and a strategy");
        var sampler = new NeuprintBatchSampler(sessions, options, heldOutTime: false, seed);
        Linear? embeddingMap = teacher is not null && options.EmbeddingDistillation > 0
            ? nn.Linear(embeddings.Width, teacher.Embeddings.Width, hasBias: false)
            : null;
        var clipped = model.parameters().Concat(strategy?.Parameters.Select(p => p.Parameter) ?? []).Concat(embeddingMap?.parameters() ?? []).ToArray();
        var optimizer = optim.Adam(clipped, options.Lr);
        // Φ has its own Adam (the same update as one optimizer with two parameter groups) so it can have its own rate.
        var embeddingOptimizer = optim.Adam(embeddings.parameters(), options.EffectiveEmbeddingLr);
        teacher?.Model.eval();
        var history = new List<NeuprintEpoch>();
        var parts = new NeuprintTrainingParts(model, embeddings, [.. strategy?.Parameters.Select(p => p.Parameter) ?? []], embeddingMap,
            optimizer, embeddingOptimizer, sampler);
        int done = 0;
        if (checkpoint is not null && File.Exists(checkpoint)) (done, history) = NeuprintCheckpoint.Restore(checkpoint, options.Steps, parts);
        model.train();
        using var epochLoss = new EpochLoss(options.StepsPerEpoch, options.Steps);
        try
        {
            for (int step = done + 1; step <= options.Steps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                using (var scope = NewDisposeScope())
                {
                    var batch = sampler.Next();
                    var studentRows = embeddings.Rows(batch.Ids);
                    var output = model.Forward(batch.Input(studentRows), model.SeesBehavior ? batch.Behavior : null);
                    var loss = batch.ReconstructionLoss(output);
                    if (teacher is not null)
                    {
                        ModelOutput teacherOutput;
                        Tensor teacherRows;
                        using (no_grad())
                        {
                            teacherRows = teacher.Embeddings.Rows(batch.Ids);
                            teacherOutput = teacher.Model.Forward(batch.Input(teacherRows), batch.Behavior);
                        }
                        loss = loss * options.Alpha + strategy!.Loss(output with { ScoredEntries = batch.Mask.transpose(1, 2) }, teacherOutput) * (1 - options.Alpha);
                        if (embeddingMap is not null)
                            loss = loss + nn.functional.mse_loss(embeddingMap.forward(studentRows), teacherRows) * options.EmbeddingDistillation;
                    }
                    optimizer.zero_grad();
                    embeddingOptimizer.zero_grad();
                    loss.backward();
                    GradientClipping.ClipGlobalNorm(clipped, options.GradientClip);
                    optimizer.step();
                    embeddingOptimizer.step();
                    epochLoss.Add(loss);
                }
                bool outOfTime = deadline is { } end && DateTime.UtcNow >= end;
                if (epochLoss.EndsEpoch(step) || outOfTime)
                {
                    var epoch = new NeuprintEpoch("train", step, options.Steps, epochLoss.TakeMean(step), ValidationLoss(model, embeddings, sessions, options, seed));
                    model.train();
                    history.Add(epoch);
                    if (checkpoint is not null) NeuprintCheckpoint.Write(checkpoint, step, options.Steps, history, parts);
                    progress?.Report(epoch);
                }
                if (outOfTime) break;
            }
        }
        finally
        {
            optimizer.Dispose();
            embeddingOptimizer.Dispose();
            embeddingMap?.Dispose();
        }
        model.eval();
        return history;
    }

    /// <summary>
    /// Masked reconstruction loss on windows from the held-out last part of each session's frames (NeuPRINT's
    /// held-out time): the same <see cref="ValidationBatches"/> batches and masks every time for a given seed; eval mode.
    /// </summary>
    public static double ValidationLoss(
        NeuprintModel model, NeuronEmbeddingTable embeddings, IReadOnlyList<SessionTensors> sessions, NeuprintTrainingOptions options, long seed)
    {
        var sampler = new NeuprintBatchSampler(sessions, options, heldOutTime: true, seed);
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor total = zeros(1);
        for (int b = 0; b < ValidationBatches; b++)
        {
            var batch = sampler.Next();
            var output = model.Forward(batch.Input(embeddings.Rows(batch.Ids)), model.SeesBehavior ? batch.Behavior : null);
            total = total + batch.ReconstructionLoss(output);
        }
        return total.item<float>() / ValidationBatches;
    }

    /// <summary>
    /// Fits a fresh Φ table (U(−1, 1), seeded) for every identity of <paramref name="sessions"/> with the model
    /// frozen, by the same masked reconstruction. The model stays in eval mode (no dropout) unless
    /// <c>refit_dropout</c> asks for the code's behaviour. Neurons are sampled uniformly (not over-sampling record
    /// neurons as training does), so every identity's Φ gets the same share of steps: the class task classifies all of them.
    /// Past <paramref name="deadline"/>, the re-fit ends after the current step (its last reported epoch tells how far it got).
    /// </summary>
    public static NeuronEmbeddingTable Refit(
        NeuprintModel model, int identities, IReadOnlyList<SessionTensors> sessions, NeuprintTrainingOptions options, long seed,
        IProgress<NeuprintEpoch>? progress = null, CancellationToken cancellation = default, DateTime? deadline = null)
    {
        var generator = new Generator((ulong)TrainingRandom.For(seed, "neuprint-refit-init").NextUInt64() >> 1);
        var table = new NeuronEmbeddingTable(identities, model.Options.EmbeddingDim, generator);
        var sampler = new NeuprintBatchSampler(sessions, options, heldOutTime: false, seed + 7919, uniformNeurons: true);
        var frozen = model.parameters().Where(p => p.requires_grad).ToArray();
        foreach (var parameter in frozen) parameter.requires_grad = false;
        if (options.RefitDropout) model.train(); else model.eval();
        var optimizer = optim.Adam(table.parameters(), options.RefitLr);
        using var epochLoss = new EpochLoss(options.StepsPerEpoch, options.RefitSteps);
        try
        {
            for (int step = 1; step <= options.RefitSteps; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                using (var scope = NewDisposeScope())
                {
                    var batch = sampler.Next();
                    var output = model.Forward(batch.Input(table.Rows(batch.Ids)), model.SeesBehavior ? batch.Behavior : null);
                    var loss = batch.ReconstructionLoss(output);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    epochLoss.Add(loss);
                }
                bool outOfTime = deadline is { } end && DateTime.UtcNow >= end;
                if (epochLoss.EndsEpoch(step) || outOfTime)
                    progress?.Report(new NeuprintEpoch("refit", step, options.RefitSteps, epochLoss.TakeMean(step), double.NaN));
                if (outOfTime) break;
            }
        }
        finally
        {
            optimizer.Dispose();
            foreach (var parameter in frozen) parameter.requires_grad = true;
            model.eval();
        }
        return table;
    }

    /// <summary>
    /// Sums step losses on the device (no host copy per step) and reads the epoch's mean once, when an epoch of
    /// <c>stepsPerEpoch</c> steps (or the run) ends.
    /// </summary>
    private sealed class EpochLoss(int stepsPerEpoch, int totalSteps) : IDisposable
    {
        private Tensor? _sum;

        /// <summary>Adds a step's loss; call inside the step's dispose scope.</summary>
        public void Add(Tensor loss)
        {
            var detached = loss.detach();
            _sum = _sum is null ? detached.clone().MoveToOuterDisposeScope() : _sum.add_(detached);
        }

        public bool EndsEpoch(int step) => step % stepsPerEpoch == 0 || step == totalSteps;

        /// <summary>The mean over the steps since the last epoch ended, and a fresh sum.</summary>
        public double TakeMean(int step)
        {
            int steps = step % stepsPerEpoch == 0 ? stepsPerEpoch : step % stepsPerEpoch;
            double mean = _sum!.item<float>() / steps;
            Dispose();
            return mean;
        }

        public void Dispose()
        {
            _sum?.Dispose();
            _sum = null;
        }
    }
}
