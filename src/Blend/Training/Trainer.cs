using System.Diagnostics;
using System.Text.Json;
using Blend.Data;
using Blend.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Blend.Training;

/// <summary>
/// The training loop of the BLEND authors' code (after NDT's) for any <see cref="NeuralDynamicsModel"/> and
/// <see cref="ITrainingObjective"/>: per epoch, shuffled mini-batches of the training trials are masked
/// (<see cref="Masker"/>) and take one <see cref="ReferenceAdamW"/> step each after global-norm clipping; the
/// warmup-cosine learning rate is set per epoch (or per step). Every <c>val_interval</c> epochs (and after the last)
/// the masked Poisson loss on the validation trials is computed in eval mode — on a fixed mask by default, so values
/// compare like with like — and the best model is checkpointed to <c>best.pt</c>; training stops early when more than
/// <c>patience</c> epochs have passed since the best. <c>last.pt</c> (written at each validation and when a run stops)
/// holds everything a resumed run needs to continue exactly: parameters, optimizer state, counters (which fix the
/// schedule position), random states (torch's default generator, the mask generator, the host stream), best loss and
/// history. Each step runs in its own dispose scope and reads nothing back to the host; losses are pooled on the device
/// and read only at validations.
/// </summary>
public sealed class Trainer : IDisposable
{
    /// <summary>File name of the best-validation checkpoint.</summary>
    public const string BestCheckpoint = "best.pt";
    /// <summary>File name of the resume checkpoint, written at each validation and when a run stops.</summary>
    public const string LastCheckpoint = "last.pt";

    private readonly NeuralDynamicsModel _model;
    private readonly TrainingData _data;
    private readonly TrainingOptions _options;
    private readonly ITrainingObjective _objective;
    private readonly Masker _masker;
    private readonly ReferenceAdamW _optimizer;
    private readonly WarmupCosineSchedule _schedule;
    private readonly Generator _maskGenerator;
    private readonly Tensor _lossSum;
    private TrainingRandom _random;
    private int _lossBatches;
    private int _epoch;
    private long _step;
    private double _bestValLoss = double.PositiveInfinity;
    private int _bestEpoch = -1;
    private double _elapsedBefore;
    private StopReason? _finished;
    private readonly List<ValidationRecord> _history = [];

    /// <summary>
    /// Prepares training of <paramref name="model"/> on <paramref name="data"/>: fits a teacher's behavior statistics on the
    /// training trials and builds the masker, optimiser (model and objective parameters), schedule and seeded random streams.
    /// </summary>
    /// <param name="model">The model to train; its neurons (and a teacher's behavior channels) must match the data.</param>
    /// <param name="data">Training and validation trials.</param>
    /// <param name="options">The <c>training:</c> section.</param>
    /// <param name="objective">What to minimise (null: the model's own loss, <see cref="MaskedModelingObjective"/>).</param>
    public Trainer(NeuralDynamicsModel model, TrainingData data, TrainingOptions options, ITrainingObjective? objective = null)
    {
        if (model.Neurons != data.Layout.Neurons)
            throw new ArgumentException($"the model predicts {model.Neurons} neurons, the data has {data.Layout.Neurons}", nameof(model));
        if (model.BehaviorDims > 0 && (data.TrainBehavior is null || model.BehaviorDims != data.Layout.BehaviorDims))
            throw new ArgumentException($"the model takes {model.BehaviorDims} behavior channels, the data has {data.Layout.BehaviorDims}", nameof(model));
        if (model.BehaviorDims > 0 && data.Validation.Behavior is null)
            throw new ArgumentException("the model takes behavior input, and the validation trials have none", nameof(model));
        _model = model;
        _data = data;
        _options = options;
        // A teacher normalises behavior with statistics of the training trials only (checkpointed with the model).
        if (model.BehaviorDims > 0)
            using (NewDisposeScope()) model.FitBehavior(data.Train.Select(data.Train.Trials).Behavior!);
        _objective = objective ?? new MaskedModelingObjective();
        _masker = new Masker(options.Masking, data.Layout);
        _optimizer = new ReferenceAdamW(
            model.named_parameters().Concat(_objective.Parameters.Select(p => ($"objective.{p.Name}", p.Parameter))),
            options.Lr, options.WeightDecay, options.AdamEps, options.AdamBeta1, options.AdamBeta2);
        long total = options.ScheduleUnit == ScheduleUnit.Epoch ? options.Epochs : (long)options.Epochs * BatchesPerEpoch;
        _schedule = new WarmupCosineSchedule(options.Warmup, total, Decay: options.LrSchedule == LrSchedule.WarmupCosine);
        _maskGenerator = new Generator(TrainingRandom.For(options.Seed, "mask").NextUInt64(), CPU);
        _random = TrainingRandom.For(options.Seed, "training");
        _lossSum = zeros(1, dtype: ScalarType.Float64).squeeze().DetachFromDisposeScope();
    }

    /// <summary>The model being trained (its parameters are updated in place).</summary>
    public NeuralDynamicsModel Model => _model;

    /// <summary>Optimizer steps per epoch: ⌈training trials / batch size⌉ (the last batch may be smaller).</summary>
    public int BatchesPerEpoch => (_data.Train.Count + _options.BatchSize - 1) / _options.BatchSize;

    /// <summary>Epochs completed.</summary>
    public int Epoch => _epoch;

    /// <summary>Optimizer steps taken.</summary>
    public long Step => _step;

    /// <summary>Every validation so far, including those restored from a resumed checkpoint.</summary>
    public IReadOnlyList<ValidationRecord> History => _history;

    /// <summary>
    /// Trains until <c>training.epochs</c>, early stopping, <see cref="TrainingRunOptions.MaxEpochs"/> or cancellation,
    /// validating every <c>val_interval</c> epochs and writing checkpoints and metrics where <paramref name="run"/> says.
    /// </summary>
    /// <param name="run">Checkpoint folder, metrics file, resume, epoch cap, observer and cancellation.</param>
    public TrainingResult Run(TrainingRunOptions run)
    {
        string? last = run.CheckpointFolder is null ? null : Path.Combine(run.CheckpointFolder, LastCheckpoint);
        string? best = run.CheckpointFolder is null ? null : Path.Combine(run.CheckpointFolder, BestCheckpoint);
        if (run.Resume)
        {
            if (last is null) throw new ArgumentException("resuming needs a checkpoint folder", nameof(run));
            LoadCheckpoint(last);
            // A run killed while writing a checkpoint leaves AtomicFile's staging file behind.
            Staging.RemoveAbandoned(last);
            if (best is not null) Staging.RemoveAbandoned(best);
            if (run.MetricsFile is not null) AtomicFile.WriteAllText(run.MetricsFile, string.Concat(_history.Select(r => MetricsLine(r) + "\n")));
        }
        else if (run.MetricsFile is not null) AtomicFile.WriteAllText(run.MetricsFile, "");
        if (run.CheckpointFolder is not null) Directory.CreateDirectory(run.CheckpointFolder);

        int cap = Math.Min(_options.Epochs, run.MaxEpochs ?? int.MaxValue);
        var clock = Stopwatch.StartNew();
        double Seconds() => _elapsedBefore + clock.Elapsed.TotalSeconds;
        int savedAt = run.Resume ? _epoch : -1;
        void SaveLast()
        {
            if (last is null || savedAt == _epoch) return;
            SaveCheckpoint(last, Seconds());
            savedAt = _epoch;
        }

        _model.train();
        while (_finished is null && _epoch < cap)
        {
            if (run.Cancellation.IsCancellationRequested)
            {
                SaveLast();
                return Result(StopReason.Cancelled);
            }
            if (run.Deadline is { } deadline && DateTime.UtcNow >= deadline)
            {
                SaveLast();
                return Result(StopReason.TimeLimit);
            }
            TrainEpoch();
            _epoch++;
            run.Observer?.EpochCompleted(_epoch, _options.Epochs);
            if (_epoch % _options.ValInterval != 0 && _epoch != _options.Epochs) continue;

            double trainLoss = _lossBatches > 0 ? _lossSum.item<double>() / _lossBatches : double.NaN;
            _lossSum.zero_();
            _lossBatches = 0;
            double valLoss = ValidationLoss();
            bool improved = valLoss < _bestValLoss;
            if (improved)
            {
                _bestValLoss = valLoss;
                _bestEpoch = _epoch;
            }
            else if (_epoch - _bestEpoch > _options.Patience) _finished = StopReason.EarlyStopped;
            if (_finished is null && _epoch >= _options.Epochs) _finished = StopReason.EpochsReached;
            var record = new ValidationRecord(_epoch, _step, trainLoss, valLoss, _optimizer.LearningRate, Seconds(), _bestValLoss, improved,
                _options.Protocol == SelectionProtocol.Reference ? "reference" : "clean");
            _history.Add(record);
            if (improved && best is not null) SaveCheckpoint(best, Seconds());
            SaveLast();
            if (run.MetricsFile is not null) File.AppendAllText(run.MetricsFile, MetricsLine(record) + "\n");
            run.Observer?.Validated(record);
        }
        SaveLast();
        return Result(_finished ?? (_epoch >= _options.Epochs ? StopReason.EpochsReached : StopReason.MaxEpochs));
    }

    private TrainingResult Result(StopReason reason) =>
        new(reason, _epoch, _step, _bestEpoch < 0 ? double.NaN : _bestValLoss, _bestEpoch, _history.ToArray());

    private void TrainEpoch()
    {
        var train = _data.Train;
        int batchSize = _options.BatchSize;
        if (_options.ScheduleUnit == ScheduleUnit.Epoch) _optimizer.LearningRate = _options.Lr * _schedule.Multiplier(_epoch);
        double expand = Masker.ExpandProbability(_options.Masking, _epoch);
        var order = _random.Permutation(train.Count);
        var trials = new int[order.Length];
        for (int i = 0; i < order.Length; i++) trials[i] = train.Trials[order[i]];
        for (int start = 0; start < trials.Length; start += batchSize)
        {
            if (_options.ScheduleUnit == ScheduleUnit.Step) _optimizer.LearningRate = _options.Lr * _schedule.Multiplier(_step);
            using var scope = NewDisposeScope();
            var (spikes, behavior) = train.Select(trials.AsSpan(start, Math.Min(batchSize, trials.Length - start)));
            var (input, labels) = _masker.Mask(spikes, expand, _maskGenerator, _random);
            var batch = new MaskedBatch(input, labels, behavior)
            {
                Spikes = spikes, Unmasked = _objective.ReadsUnmaskedInput ? _masker.UnmaskedInput(spikes) : null,
                Generator = _maskGenerator, Epoch = _epoch,
            };
            var loss = _objective.Loss(_model, batch);
            _optimizer.ZeroGrad();
            (_model.LossScale == 1 ? loss : loss * _model.LossScale).backward();
            if (_options.MaxGradNorm > 0) GradientClipping.ClipGlobalNorm(_optimizer.Parameters.Select(p => p.Parameter), _options.MaxGradNorm);
            _optimizer.Step();
            using (no_grad()) _lossSum.add_(loss.detach().to_type(ScalarType.Float64));
            _lossBatches++;
            _step++;
        }
    }

    /// <summary>
    /// The model's validation loss (eval mode; for masked-modeling models the masked Poisson loss) over all validation
    /// trials, pooled over batches. The mask is drawn from <c>validation_seed</c> each time (fixed) or from the training
    /// mask stream (fresh, the reference).
    /// </summary>
    public double ValidationLoss()
    {
        bool wasTraining = _model.training;
        _model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            using var fixedGenerator = _options.ValidationMask == ValidationMask.Fixed
                ? new Generator(TrainingRandom.For(_options.ValidationSeed, "validation mask").NextUInt64(), CPU)
                : null;
            var generator = fixedGenerator ?? _maskGenerator;
            var sum = zeros(1, dtype: ScalarType.Float64).squeeze();
            var count = zeros(1, dtype: ScalarType.Float64).squeeze();
            var validation = _data.Validation;
            for (int start = 0; start < validation.Count; start += _options.BatchSize)
            {
                using var batchScope = NewDisposeScope();
                var (spikes, behavior) = validation.Batch(start, Math.Min(_options.BatchSize, validation.Count - start));
                var (input, labels) = _masker.Mask(spikes, 1, generator);
                var batch = new MaskedBatch(input, labels, behavior) { Spikes = spikes, Generator = generator, Epoch = _epoch };
                var (s, c) = _model.ValidationLoss(batch);
                sum.add_(s);
                count.add_(c);
            }
            return sum.div(count).item<double>();
        }
        finally
        {
            _model.train(wasTraining);
        }
    }

    /// <summary>Writes a full checkpoint (see the class summary) atomically.</summary>
    public void SaveCheckpoint(string path, double elapsedSeconds = 0)
    {
        var (optimizerTensors, optimizerSteps) = _optimizer.StateDict();
        var metadata = new CheckpointMetadata
        {
            ModelType = _model.GetType().Name,
            Epoch = _epoch,
            Step = _step,
            BestValLoss = _bestValLoss,
            BestEpoch = _bestEpoch,
            ElapsedSeconds = elapsedSeconds,
            RandomState = _random.State,
            LossBatches = _lossBatches,
            LearningRate = _optimizer.LearningRate,
            OptimizerSteps = optimizerSteps,
            History = _history,
            Finished = _finished,
        };
        using var scope = NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (name, tensor) in _model.state_dict()) tensors.Add(new($"model.{name}", tensor));
        foreach (var (name, parameter) in _objective.Parameters) tensors.Add(new($"objective.{name}", parameter));
        foreach (var (name, tensor) in optimizerTensors) tensors.Add(new($"optimizer.{name}", tensor));
        tensors.Add(new("rng.torch", TorchGlobalState.CaptureRandomState()));
        tensors.Add(new("rng.mask", _maskGenerator.get_state()));
        tensors.Add(new("train_loss_sum", _lossSum));
        CheckpointFile.Write(path, metadata.ToJson(), tensors);
    }

    /// <summary>Restores everything <see cref="SaveCheckpoint"/> wrote (for a model built with the same config).</summary>
    public void LoadCheckpoint(string path)
    {
        var (json, tensors) = CheckpointFile.Read(path);
        try
        {
            var metadata = CheckpointMetadata.Parse(json, path);
            if (metadata.ModelType != _model.GetType().Name)
                throw new BlendInputException($"{path}: checkpoint of a {metadata.ModelType}, not a {_model.GetType().Name}");
            CopyModel(path, tensors, _model);
            using (no_grad())
                foreach (var (name, parameter) in _objective.Parameters)
                    parameter.copy_(Required(tensors, $"objective.{name}", path));
            _optimizer.LoadStateDict(
                tensors.Where(t => t.Key.StartsWith("optimizer.", StringComparison.Ordinal)).ToDictionary(t => t.Key["optimizer.".Length..], t => t.Value),
                metadata.OptimizerSteps);
            TorchGlobalState.RestoreRandomState(Required(tensors, "rng.torch", path));
            _maskGenerator.set_state(Required(tensors, "rng.mask", path));
            using (no_grad()) _lossSum.copy_(Required(tensors, "train_loss_sum", path));
            _epoch = metadata.Epoch;
            _step = metadata.Step;
            _bestValLoss = metadata.BestValLoss;
            _bestEpoch = metadata.BestEpoch;
            _elapsedBefore = metadata.ElapsedSeconds;
            _random = new TrainingRandom(metadata.RandomState);
            _lossBatches = metadata.LossBatches;
            _optimizer.LearningRate = metadata.LearningRate;
            _finished = metadata.Finished;
            _history.Clear();
            _history.AddRange(metadata.History);
        }
        catch (InvalidDataException e)
        {
            throw new BlendInputException($"{path}: {e.Message}", e);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>Loads only the model parameters of a checkpoint (e.g. <c>best.pt</c> for predictions, or a teacher).</summary>
    public static void LoadModel(string path, NeuralDynamicsModel model)
    {
        var (json, tensors) = CheckpointFile.Read(path);
        try
        {
            var metadata = CheckpointMetadata.Parse(json, path);
            if (metadata.ModelType != model.GetType().Name)
                throw new BlendInputException($"{path}: checkpoint of a {metadata.ModelType}, not a {model.GetType().Name}");
            CopyModel(path, tensors, model);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>
    /// Warm start: copies every parameter of the checkpoint at <paramref name="path"/> into the parameter of the same name
    /// of <paramref name="model"/>, which may have more (a teacher started from its baseline keeps its zero-initialised
    /// behavior embedding, so it starts as that baseline). Every checkpoint parameter must exist in the model with its shape.
    /// </summary>
    public static void LoadSharedParameters(string path, NeuralDynamicsModel model)
    {
        var (_, tensors) = CheckpointFile.Read(path);
        try
        {
            var parameters = tensors.Where(t => t.Key.StartsWith("model.", StringComparison.Ordinal))
                .Select(t => KeyValuePair.Create(t.Key["model.".Length..], t.Value)).ToList();
            if (WarmStartMisfits(parameters, model).FirstOrDefault() is string misfit)
                throw new BlendInputException($"{path}: parameter {misfit} has no counterpart of that shape in the {model.GetType().Name} to warm-start");
            var state = model.state_dict();
            using var noGrad = no_grad();
            foreach (var (name, source) in parameters) state[name].copy_(source);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>The <paramref name="source"/> parameters, as "name (shape)", that <paramref name="target"/> has no parameter of that name and shape for.</summary>
    internal static IEnumerable<string> WarmStartMisfits(IEnumerable<KeyValuePair<string, Tensor>> source, NeuralDynamicsModel target)
    {
        var state = target.state_dict();
        return source.Where(p => !state.TryGetValue(p.Key, out var t) || !t.shape.SequenceEqual(p.Value.shape))
            .Select(p => $"{p.Key} ({string.Join(", ", p.Value.shape)})").ToList();
    }

    internal static void CopyModel(string path, Dictionary<string, Tensor> tensors, nn.Module model)
    {
        var state = model.state_dict();
        var stored = tensors.Keys.Where(k => k.StartsWith("model.", StringComparison.Ordinal)).Select(k => k["model.".Length..]).ToHashSet();
        if (!stored.SetEquals(state.Keys))
            throw new BlendInputException(
                $"{path}: the checkpoint's parameters do not fit this model (missing: {string.Join(", ", state.Keys.Except(stored).DefaultIfEmpty("none"))}; unexpected: {string.Join(", ", stored.Except(state.Keys).DefaultIfEmpty("none"))})");
        using var noGrad = no_grad();
        foreach (var (name, target) in state)
        {
            var source = tensors[$"model.{name}"];
            if (!source.shape.SequenceEqual(target.shape))
                throw new BlendInputException(
                    $"{path}: parameter {name} has shape ({string.Join(", ", source.shape)}) in the checkpoint, ({string.Join(", ", target.shape)}) in the model (config differs?)");
            target.copy_(source);
        }
    }

    private static Tensor Required(Dictionary<string, Tensor> tensors, string name, string path) =>
        tensors.TryGetValue(name, out var t) ? t : throw new BlendInputException($"{path}: checkpoint has no '{name}'");

    private static readonly JsonSerializerOptions MetricsJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>One metrics.jsonl line.</summary>
    public static string MetricsLine(ValidationRecord record) => JsonSerializer.Serialize(record, MetricsJson);

    /// <summary>Parses one <c>metrics.jsonl</c> line (the inverse of <see cref="MetricsLine"/>).</summary>
    /// <exception cref="InvalidDataException">The line is JSON <c>null</c>.</exception>
    /// <exception cref="JsonException">The line is not a JSON validation record.</exception>
    public static ValidationRecord ParseMetricsLine(string line) =>
        JsonSerializer.Deserialize<ValidationRecord>(line, MetricsJson) ?? throw new InvalidDataException("empty metrics line");

    /// <summary>Disposes the optimiser state, the mask generator and the loss accumulator; the model and data stay the caller's.</summary>
    public void Dispose()
    {
        _optimizer.Dispose();
        _maskGenerator.Dispose();
        _lossSum.Dispose();
    }
}
