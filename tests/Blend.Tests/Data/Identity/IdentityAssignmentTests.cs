using Blend.Data.Identity;

namespace Blend.Tests.Data.Identity;

/// <summary>
/// Identities and labels over three sessions: mouse A on two days sharing matched cells, mouse B reusing a UniqueID
/// of mouse A for a different cell.
/// </summary>
public class IdentityAssignmentTests
{
    private static IdentityDataset Load()
    {
        using var root = new TempFolder();
        Write(root.Path, "A", "d1", [double.NaN, 70, 3, double.NaN], ["EC", "Vip-Crh", "Serpinf1-Clrn1", "IN"]);
        Write(root.Path, "A", "d2", [3, double.NaN, 70], ["Serpinf1-Clrn1", "EC", "Vip-Crh"]);
        Write(root.Path, "B", "d1", [70, double.NaN, double.NaN, 12], ["Sst-Calb2", "Foo-Bar", "Pvalb-Reln", "Lamp5-Egln3"]);
        return IdentityDataset.Load(root.Path);
    }

    private static void Write(string root, string mouse, string date, double[] uniqueIds, string[] ttypes) =>
        BugeonTestFolder.Write(root, mouse, date, BugeonTestSession.Simple(neurons: ttypes.Length) with { UniqueIds = uniqueIds, TTypes = ttypes });

    [Fact]
    public void RecordNeuronsShareAnIdentityWithinAMouseAndOthersAreNewPerSession()
    {
        var dataset = Load();
        Assert.Equal([0, 1, 2, 3], dataset.Sessions[0].NeuronIds);
        Assert.Equal([2, 4, 1], dataset.Sessions[1].NeuronIds); // UniqueIDs 3 and 70 again; the EC cell is new
        Assert.Equal([5, 6, 7, 8], dataset.Sessions[2].NeuronIds); // UniqueID 70 of mouse B is another cell
        Assert.Equal(9, dataset.Neurons.Count);
        Assert.Equal(Enumerable.Range(0, 9), dataset.Neurons.Select(n => n.Id));
    }

    [Fact]
    public void LabelsFollowTheTTypes()
    {
        var n = Load().Neurons;
        Assert.Equal(new IdentityNeuron(0, "A", CellClass.Excitatory, null, null, "EC"), n[0]);
        Assert.Equal(new IdentityNeuron(1, "A", CellClass.Inhibitory, Subclass.Vip, 70, "Vip-Crh"), n[1]);
        // Serpinf1 is IN for the class task but has no subclass.
        Assert.Equal(new IdentityNeuron(2, "A", CellClass.Inhibitory, null, 3, "Serpinf1-Clrn1"), n[2]);
        Assert.Equal(new IdentityNeuron(3, "A", CellClass.Inhibitory, null, null, "IN"), n[3]);
        Assert.Equal(new IdentityNeuron(4, "A", CellClass.Excitatory, null, null, "EC"), n[4]);
        Assert.Equal(new IdentityNeuron(5, "B", CellClass.Inhibitory, Subclass.Sst, 70, "Sst-Calb2"), n[5]);
        // An unknown prefix is IN without subclass; an unmatched neuron gets no subclass even with a known prefix.
        Assert.Equal(new IdentityNeuron(6, "B", CellClass.Inhibitory, null, null, "Foo-Bar"), n[6]);
        Assert.Equal(new IdentityNeuron(7, "B", CellClass.Inhibitory, null, null, "Pvalb-Reln"), n[7]);
        Assert.Equal(new IdentityNeuron(8, "B", CellClass.Inhibitory, Subclass.Lamp5, 12, "Lamp5-Egln3"), n[8]);
        Assert.True(n[1].IsRecord);
        Assert.False(n[7].IsRecord);
    }

    [Fact]
    public void NeuronsAndSessionsOfAMouse()
    {
        var dataset = Load();
        Assert.Equal(["A", "B"], dataset.Mice);
        Assert.Equal([0, 1, 2, 3, 4], dataset.NeuronsOfMouse("A").Select(n => n.Id));
        Assert.Equal([5, 6, 7, 8], dataset.NeuronsOfMouse("B").Select(n => n.Id));
        Assert.Equal(["d1", "d2"], dataset.SessionsOfMouse("A").Select(s => s.Date));
        var error = Assert.Throws<BlendInputException>(() => dataset.NeuronsOfMouse("C"));
        Assert.Contains("no mouse 'C'; the mice are A, B", error.Message);
        Assert.Throws<BlendInputException>(() => dataset.SessionsOfMouse("a"));
    }

    [Theory]
    [InlineData("Lamp5-x", CellClass.Inhibitory, Subclass.Lamp5)]
    [InlineData("Vip-x", CellClass.Inhibitory, Subclass.Vip)]
    [InlineData("Pvalb-x-y", CellClass.Inhibitory, Subclass.Pvalb)]
    [InlineData("Sst-Chodl", CellClass.Inhibitory, Subclass.Sst)]
    [InlineData("Sncg-Slc17a8", CellClass.Inhibitory, Subclass.Sncg)]
    [InlineData("Serpinf1-Clrn1", CellClass.Inhibitory, null)]
    [InlineData("vip-x", CellClass.Inhibitory, null)]
    [InlineData("IN", CellClass.Inhibitory, null)]
    [InlineData("EC", CellClass.Excitatory, null)]
    public void TTypeLabelsOfOneLine(string ttype, CellClass cellClass, Subclass? subclass)
    {
        Assert.True(TTypeLabels.IsValid(ttype));
        Assert.Equal(cellClass, TTypeLabels.ClassOf(ttype));
        Assert.Equal(subclass, TTypeLabels.SubclassOf(ttype));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ec")]
    [InlineData("Vip")]
    [InlineData("Vip-")]
    [InlineData("-Vip")]
    [InlineData("Vip x-y")]
    [InlineData("1Vip-x")]
    public void MalformedTTypeLines(string line) => Assert.False(TTypeLabels.IsValid(line));
}
