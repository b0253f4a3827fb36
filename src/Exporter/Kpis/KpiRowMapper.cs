using System.Data.Common;
using System.Globalization;
using NpgsqlTypes;

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
        var valueKinds = valueOrdinals.Select(i => ValueKindOf(reader, i, columns[i])).ToArray();
        var labelColumns = kpi.Labels ?? columns.Where(c => !kpi.Values.Contains(c, StringComparer.Ordinal)).ToArray();
        var labelOrdinals = labelColumns.Select(l => Ordinal(columns, l, "label")).ToArray();
        var labelNames = labelColumns.Append("source").ToArray();
        CheckLabelNames(labelColumns);
        foreach (var ordinal in labelOrdinals)
            CheckLabelType(reader, ordinal, columns[ordinal]);

        var metrics = kpi.Values.Select(kpi.MetricName).ToArray();
        var series = new List<KpiSeries>();
        // Label sets of the kept series only: rows past max_series are counted, never held, so memory stays
        // bounded by max_series whatever the query returns (a duplicate among dropped rows goes unnoticed).
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int rows = 0, dropped = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            if (series.Count >= kpi.MaxSeries)
            {
                foreach (var ordinal in valueOrdinals)
                    dropped += reader.IsDBNull(ordinal) ? 0 : 1;
                continue;
            }
            var labelValues = new string[labelNames.Length];
            for (var l = 0; l < labelOrdinals.Length; l++)
                labelValues[l] = LabelValue(reader, labelOrdinals[l], labelColumns[l]);
            labelValues[^1] = source;
            if (!seen.Add(string.Join('\u0001', labelValues)))
                throw new KpiMappingException(KpiFailureReasons.DuplicateLabels,
                    $"two rows have the same labels ({Describe(labelNames, labelValues)}); group by every label column");
            for (var v = 0; v < valueOrdinals.Length; v++)
            {
                if (Value(reader, valueOrdinals[v], valueKinds[v], kpi.Values[v]) is not { } value)
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
            if (PrometheusNames.IsReservedLabel(column))
                throw new KpiMappingException(KpiFailureReasons.InvalidLabels,
                    $"column '{column}' is a label name Prometheus reserves for histograms and summaries; give it another alias");
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

    private enum ValueKind { Plain, Numeric, Money, Interval, MySqlDecimal }

    // Types whose text is a sensible label; bytea, arrays, json, composites and the like are not.
    private static readonly HashSet<Type> LabelTypes =
    [
        typeof(string), typeof(bool), typeof(short), typeof(int), typeof(long), typeof(uint), typeof(float), typeof(double),
        typeof(sbyte), typeof(byte), typeof(ushort), typeof(ulong),
        typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly), typeof(TimeSpan),
        typeof(Guid), typeof(char), typeof(System.Net.IPAddress),
    ];

    private static readonly HashSet<string> DocumentTypes = new(StringComparer.Ordinal) { "json", "jsonb", "jsonpath", "xml", "JSON" };

    private static void CheckLabelType(DbDataReader reader, int ordinal, string column)
    {
        var type = FieldType(reader, ordinal);
        if (type is null || !LabelTypes.Contains(type) || DocumentTypes.Contains(reader.GetDataTypeName(ordinal)))
            throw new KpiMappingException(KpiFailureReasons.InvalidLabels,
                $"label column '{column}' is of type {reader.GetDataTypeName(ordinal)}, which cannot be a label; cast it to text ({column}::text) if you mean it");
    }

    private static ValueKind ValueKindOf(DbDataReader reader, int ordinal, string column) => reader.GetDataTypeName(ordinal) switch
    {
        "numeric" => ValueKind.Numeric,
        "DECIMAL" => ValueKind.MySqlDecimal,
        "money" => ValueKind.Money,
        "interval" => ValueKind.Interval,
        _ when FieldType(reader, ordinal) is { } type && (type.IsPrimitive || type == typeof(TimeSpan)) => ValueKind.Plain,
        var name => throw new KpiMappingException(KpiFailureReasons.InvalidValue,
            $"value column '{column}' is of type {name}, not a number"),
    };

    /// <summary>The .NET type Npgsql reads a column as; null for types it cannot read (unmapped composites).</summary>
    private static Type? FieldType(DbDataReader reader, int ordinal)
    {
        try
        {
            return reader.GetFieldType(ordinal);
        }
        catch (InvalidCastException)
        {
            return null;
        }
    }

    private static string LabelValue(DbDataReader reader, int ordinal, string column)
    {
        object value;
        try
        {
            value = reader.GetValue(ordinal);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException)
        {
            throw new KpiMappingException(KpiFailureReasons.InvalidLabels,
                $"label column '{column}' holds a {reader.GetDataTypeName(ordinal)} value that cannot be read ({e.Message}); cast it to text ({column}::text)");
        }
        return value switch
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
    }

    /// <summary>
    /// The numeric value of a cell as a double, or null when the series is to be skipped (NULL, NaN). Numbers
    /// beyond a double's range are +/-Inf; money is its amount; an interval is seconds, a month counted as 30 days.
    /// </summary>
    private static double? Value(DbDataReader reader, int ordinal, ValueKind kind, string column)
    {
        if (reader.IsDBNull(ordinal))
            return null;
        var value = kind switch
        {
            ValueKind.Numeric => NumericValue(reader, ordinal),
            // Its text, parsed: a DECIMAL holds up to 65 digits, beyond .NET's decimal.
            ValueKind.MySqlDecimal => ((MySqlConnector.MySqlDataReader)reader).GetMySqlDecimal(ordinal).ToDouble(),
            ValueKind.Money => (double)reader.GetFieldValue<decimal>(ordinal),
            ValueKind.Interval => IntervalSeconds(reader.GetFieldValue<NpgsqlInterval>(ordinal)),
            _ => reader.GetValue(ordinal) switch
            {
                double d => d,
                float f => f,
                long l => l,
                ulong u => u,
                uint u => u,
                int i => i,
                short s => s,
                ushort u => u,
                sbyte b => b,
                byte b => b,
                bool b => b ? 1 : 0,
                TimeSpan t => t.TotalSeconds,
                var other => throw new KpiMappingException(KpiFailureReasons.InvalidValue,
                    $"value column '{column}' holds {other.GetType().Name} values, not numbers"),
            },
        };
        return double.IsNaN(value) ? null : value;
    }

    private static double NumericValue(DbDataReader reader, int ordinal)
    {
        try
        {
            return reader.GetFieldValue<double>(ordinal); // read as double: no decimal rounding on the way
        }
        catch (Exception e) when (e is OverflowException or InvalidCastException)
        {
            // Beyond decimal (28 digits), NaN or infinite: decode PostgreSQL's own binary form.
            using var stream = reader.GetStream(ordinal);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return PostgresNumeric.ToDouble(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
    }

    private const double SecondsPerDay = 86_400;

    private static double IntervalSeconds(NpgsqlInterval interval) =>
        interval.Months * 30 * SecondsPerDay + interval.Days * SecondsPerDay + interval.Time / 1_000_000.0;

    private static string Describe(string[] names, string[] values) =>
        string.Join(", ", names.Zip(values, (n, v) => $"{n}=\"{v}\""));
}
