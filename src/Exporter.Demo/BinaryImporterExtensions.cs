using Npgsql;
using NpgsqlTypes;

namespace Exporter.Demo;

/// <summary>Typed writes for the demo tables' columns: NULL for missing values.</summary>
internal static class BinaryImporterExtensions
{
    public static void WriteId(this NpgsqlBinaryImporter importer, long value) => importer.Write(value, NpgsqlDbType.Bigint);

    public static void WriteId(this NpgsqlBinaryImporter importer, long? value)
    {
        if (value is { } id)
            importer.Write(id, NpgsqlDbType.Bigint);
        else
            importer.WriteNull();
    }

    public static void WriteText(this NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
            importer.WriteNull();
        else
            importer.Write(value, NpgsqlDbType.Text);
    }

    public static void WriteTime(this NpgsqlBinaryImporter importer, DateTime value) => importer.Write(value, NpgsqlDbType.TimestampTz);

    public static void WriteTime(this NpgsqlBinaryImporter importer, DateTime? value)
    {
        if (value is { } time)
            importer.Write(time, NpgsqlDbType.TimestampTz);
        else
            importer.WriteNull();
    }

    public static void WriteSmallint(this NpgsqlBinaryImporter importer, short? value)
    {
        if (value is { } number)
            importer.Write(number, NpgsqlDbType.Smallint);
        else
            importer.WriteNull();
    }
}
