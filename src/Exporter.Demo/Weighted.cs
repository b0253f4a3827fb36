namespace Exporter.Demo;

/// <summary>A fixed set of values with relative weights, drawn with <see cref="Pick"/>.</summary>
public sealed class Weighted<T>
{
    private readonly T[] _values;
    private readonly double[] _cumulative;

    public Weighted(params (T Value, double Weight)[] choices)
    {
        _values = [.. choices.Select(c => c.Value)];
        _cumulative = new double[choices.Length];
        var total = 0.0;
        for (var i = 0; i < choices.Length; i++)
        {
            total += choices[i].Weight;
            _cumulative[i] = total;
        }
        for (var i = 0; i < _cumulative.Length; i++)
            _cumulative[i] /= total;
    }
    public T Pick(DemoRandom random)
    {
        var u = random.NextDouble();
        var index = Array.BinarySearch(_cumulative, u);
        index = index < 0 ? ~index : index + 1;
        return _values[Math.Min(index, _values.Length - 1)];
    }
}
