using System.Buffers.Binary;
using System.IO.Compression;

namespace Exporter.Metrics;

/// <summary>
/// Text as raw deflate blocks, with its CRC-32 and length: the pieces of a gzip member. An open part ends on a
/// sync flush (byte-aligned, not final), so further blocks may follow it in the same member; a closed part ends
/// with the final block.
/// </summary>
internal sealed record DeflatedText(byte[] Blocks, uint Crc, long Length)
{
    private const int MaxStoredBlock = ushort.MaxValue;

    /// <summary>Compressed once per change (the pre-rendered KPIs): worth zlib's best effort.</summary>
    public static DeflatedText Open(ReadOnlySpan<byte> text)
    {
        using var output = new MemoryStream(text.Length / 8 + 64);
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(text);
            // A sync flush: every byte so far is in complete, non-final blocks; what Dispose adds is not taken.
            deflate.Flush();
            return new DeflatedText(output.ToArray(), Crc32.Append(0, text), text.Length);
        }
    }

    /// <summary>
    /// The last part of a member as stored (uncompressed) blocks, continuing the CRC of the parts before it: the
    /// per-scrape self-metrics are a few kilobytes, and storing them keeps zlib's buffers out of every scrape.
    /// </summary>
    public static DeflatedText Stored(ReadOnlySpan<byte> text, uint crcBefore)
    {
        var blockCount = Math.Max(1, (text.Length + MaxStoredBlock - 1) / MaxStoredBlock);
        var blocks = new byte[text.Length + 5 * blockCount];
        var at = 0;
        for (var i = 0; i < blockCount; i++)
        {
            var chunk = text.Slice(i * MaxStoredBlock, Math.Min(MaxStoredBlock, text.Length - i * MaxStoredBlock));
            blocks[at] = (byte)(i == blockCount - 1 ? 1 : 0); // BFINAL on the last one, BTYPE 00 (stored)
            BinaryPrimitives.WriteUInt16LittleEndian(blocks.AsSpan(at + 1), (ushort)chunk.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(blocks.AsSpan(at + 3), (ushort)~chunk.Length);
            chunk.CopyTo(blocks.AsSpan(at + 5));
            at += 5 + chunk.Length;
        }
        return new DeflatedText(blocks, Crc32.Append(crcBefore, text), text.Length);
    }
}
