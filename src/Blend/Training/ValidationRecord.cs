namespace Blend.Training;

/// <summary>
/// One validation, as written to <c>metrics.jsonl</c>: after <see cref="Epoch"/> epochs (<see cref="Step"/> optimizer
/// steps), the mean training-batch loss since the previous validation, the masked validation loss, the learning rate of
/// the last epoch, wall-clock seconds since the run started (across resumes), the best validation loss so far and
/// whether this one improved it, and the selection protocol.
/// </summary>
public sealed record ValidationRecord(
    int Epoch, long Step, double TrainLoss, double ValLoss, double Lr, double Seconds, double BestValLoss, bool Improved, string Protocol);
