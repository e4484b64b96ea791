using Blend.Data.Synthetic;

namespace Blend.Tests.Data.Synthetic;

public class LorenzDynamicsTests
{
    [Fact]
    public void RungeKuttaIsFourthOrder()
    {
        // Integrate to t = 0.2 with step h and h/2 against a very fine reference: error ratio ≈ 2⁴.
        double[] Run(double h, int steps)
        {
            double[] x = [1, 2, 20];
            for (int i = 0; i < steps; i++) LorenzDynamics.Step(x, h);
            return x;
        }
        var reference = Run(0.2 / 20000, 20000);
        double Error(double[] x) => Math.Sqrt(x.Zip(reference).Sum(p => (p.First - p.Second) * (p.First - p.Second)));
        double coarse = Error(Run(0.01, 20)), fine = Error(Run(0.005, 40));
        Assert.InRange(coarse / fine, 12, 20);
    }

    [Fact]
    public void ConditionStatesLieOnTheAttractor()
    {
        var states = new LorenzDynamics().ConditionStates(8, new SeededRandom(1));
        Assert.All(states, s =>
        {
            Assert.InRange(s[0], -25, 25);
            Assert.InRange(s[1], -30, 30);
            Assert.InRange(s[2], 0, 55);
        });
    }
}
