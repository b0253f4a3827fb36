using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Exporter.Kpis;

/// <summary>
/// PostgreSQL's binary <c>numeric</c> as a double, for the values .NET's decimal cannot hold (more than 28
/// digits, beyond 1e28, NaN, infinities): ndigits, weight, sign, dscale, then base-10000 digits. Built as a
/// decimal string and parsed, so the result is the correctly rounded double (+/-Infinity beyond its range).
/// </summary>
public static class PostgresNumeric
{
    private const ushort Negative = 0x4000, NaN = 0xC000, PositiveInfinity = 0xD000, NegativeInfinity = 0xF000;

    public static double ToDouble(ReadOnlySpan<byte> binary)
    {
        var digitCount = BinaryPrimitives.ReadInt16BigEndian(binary);
        var weight = BinaryPrimitives.ReadInt16BigEndian(binary[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(binary[4..]);
        switch (sign)
        {
            case NaN: return double.NaN;
            case PositiveInfinity: return double.PositiveInfinity;
            case NegativeInfinity: return double.NegativeInfinity;
        }
        if (digitCount == 0)
            return 0;
        var mantissa = new StringBuilder(digitCount * 4 + 1);
        if (sign == Negative)
            mantissa.Append('-');
        for (var i = 0; i < digitCount; i++)
            mantissa.Append(BinaryPrimitives.ReadInt16BigEndian(binary[(8 + 2 * i)..]).ToString("D4", CultureInfo.InvariantCulture));
        var exponent = 4 * (weight - digitCount + 1);
        return double.Parse($"{mantissa}E{exponent}", NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
