namespace Blend.Training;

/// <summary>Logs each validation to TensorBoard: <c>loss/train</c>, <c>loss/val</c>, <c>loss/best_val</c>, <c>lr</c>, by epoch.</summary>
public sealed class TensorBoardObserver(TensorBoardWriter writer) : ITrainingObserver
{
    /// <summary>Writes the record's train, validation and best validation losses and learning rate at its epoch, then flushes.</summary>
    public void Validated(ValidationRecord record)
    {
        writer.AddScalar("loss/train", record.TrainLoss, record.Epoch);
        writer.AddScalar("loss/val", record.ValLoss, record.Epoch);
        writer.AddScalar("loss/best_val", record.BestValLoss, record.Epoch);
        writer.AddScalar("lr", record.Lr, record.Epoch);
        writer.Flush();
    }
}
