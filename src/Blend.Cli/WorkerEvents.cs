using System.Text.Json;
using System.Text.Json.Serialization;
using Blend.Evaluation;
using Blend.Evaluation.Results;
using Blend.Experiments;
using Blend.Training;

namespace Blend.Cli;

/// <summary>
/// How a worker process (<c>blend run-step --events</c>) tells the process that started it what it is doing: one JSON
/// object per line on its standard output — the model it starts, each epoch, each validation, each note, and its
/// finished run. <see cref="Writer"/> is the worker's experiment observer; <see cref="Relay"/> replays the lines into the
/// starting process's observer, so progress bars, logs and ETAs look as when the models train in that process.
/// </summary>
internal static class WorkerEvents
{
    private sealed record Line(
        [property: JsonPropertyName("starting")] ExperimentStep? Starting = null,
        [property: JsonPropertyName("epoch")] int? Epoch = null,
        [property: JsonPropertyName("epochs")] int? Epochs = null,
        [property: JsonPropertyName("validated")] ValidationRecord? Validated = null,
        [property: JsonPropertyName("finished")] ModelRun? Finished = null,
        [property: JsonPropertyName("note")] string? Note = null);

    private static readonly JsonSerializerOptions Options = new(ResultsJson.Options)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The worker's observer: every call becomes one line on <paramref name="output"/>.</summary>
    public sealed class Writer(TextWriter output) : IExperimentObserver, ITrainingObserver
    {
        private readonly Lock _lock = new();

        public ITrainingObserver? Starting(ExperimentStep step)
        {
            Write(new Line(Starting: step));
            return this;
        }

        public void EpochCompleted(int epoch, int totalEpochs) => Write(new Line(Epoch: epoch, Epochs: totalEpochs));

        public void Validated(ValidationRecord record) => Write(new Line(Validated: record));

        public void Finished(ExperimentStep step, ModelRun run) => Write(new Line(Finished: run));

        public void Note(string message) => Write(new Line(Note: message));

        private void Write(Line line)
        {
            lock (_lock)
            {
                output.WriteLine(JsonSerializer.Serialize(line, Options));
                output.Flush();
            }
        }
    }

    /// <summary>Replays one worker's lines into <paramref name="observer"/> (which must accept calls from several workers' threads).</summary>
    public sealed class Relay(IExperimentObserver observer)
    {
        private ExperimentStep? _step;
        private ITrainingObserver? _training;

        /// <summary>Replays one line; a line that is not an event (a library's own print) is passed on as a note.</summary>
        public void Receive(string text)
        {
            Line? line;
            try
            {
                line = text.StartsWith('{') ? JsonSerializer.Deserialize<Line>(text, Options) : null;
            }
            catch (JsonException)
            {
                line = null;
            }
            if (line is null)
            {
                if (text.Length > 0) observer.Note(text);
                return;
            }
            if (line.Starting is { } step)
            {
                _step = step;
                _training = observer.Starting(step);
            }
            if (line.Epoch is int epoch && line.Epochs is int epochs) _training?.EpochCompleted(epoch, epochs);
            if (line.Validated is { } record) _training?.Validated(record);
            if (line.Note is { } note) observer.Note(note);
            if (line.Finished is { } run && _step is { } started) observer.Finished(started, run);
        }
    }
}
