using System.Data.Common;
using System.Globalization;

namespace Exporter.Kpis;

/// <summary>
/// Turns a KPI's result rows into series: value columns become one gauge each, every other column (or
/// the declared <c>labels</c>) a label, plus <c>source</c>. NULL or blank labels become <c>unknown</c>;
/// a NULL (or NaN) value skips that series; two rows with the same labels fail the run.
/// </summary>
internal static class KpiRowMapper
{
    public const string UnknownLabel = "unknown";

    public sealed record Mapped(int Rows, List<KpiSeries> Series, int Dropped);

    public static async Task<Mapped> ReadAsync(KpiDefinition kpi, string source, DbDataReader reader, CancellationToken cancellationToken)
    {
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var valueOrdinals = kpi.Values.Select(v => Ordinal(columns, v, "value")).ToArray();
        var labelColumns = kpi.Labels ?? columns.Where(c => !kpi.Values.Contains(c, StringComparer.Ordinal)).ToArray();
        var labelOrdinals = labelColumns.Select(l => Ordinal(columns, l, "label")).ToArray();
        var labelNames = labelColumns.Append("source").ToArray();
        CheckLabelNames(labelColumns);

        var metrics = kpi.Values.Select(kpi.MetricName).ToArray();
        var series = new List<KpiSeries>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int rows = 0, dropped = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            var labelValues = labelOrdinals.Select(i => LabelValue(reader.GetValue(i))).Append(source).ToArray();
            if (!seen.Add(string.Join('\u0001', labelValues)))
                throw new KpiMappingException(KpiFailureReasons.DuplicateLabels,
                    $"two rows have the same labels ({Describe(labelNames, labelValues)}); group by every label column");
            for (var v = 0; v < valueOrdinals.Length; v++)
            {
                if (Value(reader, valueOrdinals[v], kpi.Values[v]) is not { } value)
                    continue;
                if (series.Count >= kpi.MaxSeries)
                    dropped++;
                else
                    series.Add(new KpiSeries(metrics[v], labelNames, labelValues, value));
            }
        }
        return new Mapped(rows, series, dropped);
    }

    /// <summary>Columns become label names: they must be valid Prometheus label names, unique, and not <c>source</c>.</summary>
    private static void CheckLabelNames(IReadOnlyList<string> columns)
    {
        foreach (var column in columns)
        {
            if (!PrometheusNames.IsLabelName(column))
                throw new KpiMappingException(KpiFailureReasons.InvalidLabels,
                    $"column '{column}' is not a valid label name; give it an alias (... as name)");
            if (column == "source")
                throw new KpiMappingException(KpiFailureReasons.InvalidLabels,
                    "a column named 'source' clashes with the label the exporter adds (the datasource name); rename it");
        }
        if (columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new KpiMappingException(KpiFailureReasons.InvalidLabels, $"two columns are named '{twice.Key}'");
    }

    private static int Ordinal(string[] columns, string name, string role)
    {
        var index = Array.IndexOf(columns, name);
        if (index < 0)
            throw new KpiMappingException(KpiFailureReasons.MissingColumn,
                $"{role} column '{name}' is not in the result (columns: {string.Join(", ", columns)})");
        return index;
    }

    private static string LabelValue(object value) => value switch
    {
        DBNull or null => UnknownLabel,
        // Blank = empty after trimming spaces, as SQL's btrim() sees it, so packs can merge blanks before grouping.
        string s when s.Trim(' ').Length == 0 => UnknownLabel,
        string s => s,
        bool b => b ? "true" : "false",
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? UnknownLabel,
    };

    /// <summary>The numeric value of a cell, or null when the series is to be skipped (NULL, NaN, infinite).</summary>
    private static double? Value(DbDataReader reader, int ordinal, string column)
    {
        if (reader.IsDBNull(ordinal))
            return null;
        var type = reader.GetFieldType(ordinal);
        double value;
        if (type == typeof(decimal))
            value = reader.GetFieldValue<double>(ordinal); // numeric read as double: no decimal overflow
        else
            value = reader.GetValue(ordinal) switch
            {
                double d => d,
                float f => f,
                long l => l,
                int i => i,
                short s => s,
                bool b => b ? 1 : 0,
                TimeSpan t => t.TotalSeconds,
                var other => throw new KpiMappingException(KpiFailureReasons.InvalidValue,
                    $"value column '{column}' holds {other.GetType().Name} values, not numbers"),
            };
        return double.IsFinite(value) ? value : null;
    }

    private static string Describe(string[] names, string[] values) =>
        string.Join(", ", names.Zip(values, (n, v) => $"{n}=\"{v}\""));
}
