using Npgsql;
using NpgsqlTypes;

namespace Exporter.Demo;

/// <summary>Rows into a binary COPY, each value with its PostgreSQL type.</summary>
internal sealed class PostgresRowWriter(NpgsqlBinaryImporter importer) : IDemoRowWriter
{
    public void StartRow() => importer.StartRow();

    public void WriteId(long? value) => Write(value, NpgsqlDbType.Bigint);

    public void WriteText(string? value)
    {
        if (value is null)
            importer.WriteNull();
        else
            importer.Write(value, NpgsqlDbType.Text);
    }

    public void WriteTime(DateTime? value) => Write(value, NpgsqlDbType.TimestampTz);

    public void WriteDate(DateOnly value) => importer.Write(value, NpgsqlDbType.Date);

    public void WriteSmallint(short? value) => Write(value, NpgsqlDbType.Smallint);

    public void WriteInteger(int value) => importer.Write(value, NpgsqlDbType.Integer);

    public void WriteBigint(long value) => importer.Write(value, NpgsqlDbType.Bigint);

    public void WriteDouble(double value) => importer.Write(value, NpgsqlDbType.Double);

    private void Write<T>(T? value, NpgsqlDbType type)
        where T : struct
    {
        if (value is { } present)
            importer.Write(present, type);
        else
            importer.WriteNull();
    }
}
