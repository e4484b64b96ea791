using Blend.Evaluation;
using MathNet.Numerics;

namespace Blend.Tests.Evaluation;

public class LogGammaTests
{
    // ln(y!) from mpmath at 40 digits, rounded to double.
    public static TheoryData<double, double> Factorials => new()
    {
        { 0.0, 0.0 }, { 1.0, 0.0 }, { 2.0, 0.6931471805599453 }, { 3.0, 1.791759469228055 },
        { 10.0, 15.104412573075516 }, { 50.0, 148.47776695177302 }, { 100.0, 363.73937555556347 },
        { 170.0, 706.5730622457874 }, { 1000.0, 5912.128178488163 }, { 1022.0, 6064.349918178499 },
        { 1023.0, 6071.28041294445 }, { 1024.0, 6078.211884750051 }, { 5000.0, 37591.14350887677 },
        { 1000000.0, 12815518.384658169 },
    };

    // ln Γ(x) from mpmath at 40 digits, rounded to double.
    public static TheoryData<double, double> NonIntegers => new()
    {
        { 0.001, 6.907178885383853 }, { 0.5, 0.5723649429247001 }, { 0.999, 0.0005780385328913802 },
        { 1.5, -0.12078223763524522 }, { 2.5, 0.2846828704729192 }, { 3.7, 1.428072326665388 },
        { 7.3, 7.147892523022248 }, { 15.9, 27.625493215168692 }, { 16.1, 28.173694494813546 },
        { 33.3, 82.60372358165495 }, { 123.456, 469.6055471299295 }, { 100000.5, 1051293.4654351394 },
        { 1e-300, 690.7755278982137 }, { 0.3, 1.0957979948180756 }, { 1.0001, -5.771334222047127e-05 },
        { 1.9999, -4.227520877215346e-05 }, { 2.0001, 4.2281658112919945e-05 }, { 2.4999, 0.28461255726068263 },
        { 2.5001, 0.2847531885887332 }, { 9.75, 12.242204940050762 }, { 15.999, 27.89653040276015 },
    };

    [Theory]
    [MemberData(nameof(Factorials))]
    public void LogFactorialIsAccurateToAnUlpOrTwo(double y, double expected) =>
        Assert.True(Math.Abs(LogGamma.OfFactorial(y) - expected) <= 4.5e-16 * Math.Abs(expected),
            $"ln({y}!) = {LogGamma.OfFactorial(y):R}, expected {expected:R}");

    [Theory]
    [MemberData(nameof(NonIntegers))]
    public void NonIntegerArgumentsAreAccurate(double x, double expected) =>
        Assert.True(Math.Abs(LogGamma.Of(x) - expected) <= 1e-15 * Math.Abs(expected),
            $"lnΓ({x}) = {LogGamma.Of(x):R}, expected {expected:R}");

    [Fact]
    public void AgreesWithMathNetGammaLn()
    {
        for (int y = 0; y <= 3000; y++)
        {
            double ours = LogGamma.OfFactorial(y), theirs = SpecialFunctions.GammaLn(y + 1.0);
            Assert.True(Math.Abs(ours - theirs) <= 1e-14 * Math.Max(1.0, Math.Abs(theirs)), $"y = {y}: {ours:R} vs {theirs:R}");
        }
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            double x = i < 1000 ? 20 * random.NextDouble() + 1e-6 : 1e4 * random.NextDouble() + 1e-6;
            double ours = LogGamma.Of(x), theirs = SpecialFunctions.GammaLn(x);
            Assert.True(Math.Abs(ours - theirs) <= 1e-14 * Math.Max(1.0, Math.Abs(theirs)), $"x = {x:R}: {ours:R} vs {theirs:R}");
        }
    }

    [Fact]
    public void FactorialOfNonIntegerCountIsGammaOfCountPlusOne() =>
        Assert.Equal(LogGamma.Of(3.25 + 1.0), LogGamma.OfFactorial(3.25));

    [Fact]
    public void RejectsNonPositiveArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LogGamma.Of(0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogGamma.Of(-1.5));
        Assert.True(double.IsNaN(LogGamma.Of(double.NaN)));
    }
}
