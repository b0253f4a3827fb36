using System.IO.Compression;

namespace Exporter.Metrics;

/// <summary>
/// Text compressed as raw deflate blocks, with its CRC-32 and length: the pieces of a gzip member.
/// An open part ends on a sync flush (byte-aligned, not final), so further blocks may follow it in the same
/// member; a closed part ends with the final block.
/// </summary>
internal sealed record DeflatedText(byte[] Blocks, uint Crc, long Length)
{
    // A final block with fixed Huffman codes holding only the end-of-block code.
    private static readonly byte[] EmptyFinalBlock = [0x03, 0x00];

    public static DeflatedText Open(ReadOnlySpan<byte> text, uint crc = 0) => Deflate(text, crc, closed: false, CompressionLevel.Optimal);

    /// <summary>The last part of a member, continuing the CRC of the parts before it.</summary>
    public static DeflatedText Closed(ReadOnlySpan<byte> text, uint crcBefore) => Deflate(text, crcBefore, closed: true, CompressionLevel.Fastest);

    private static DeflatedText Deflate(ReadOnlySpan<byte> text, uint crcBefore, bool closed, CompressionLevel level)
    {
        var output = new MemoryStream(text.Length / 8 + 64);
        var deflate = new DeflateStream(output, level, leaveOpen: true);
        deflate.Write(text);
        if (closed)
        {
            deflate.Dispose();
            // DeflateStream writes nothing for no input: the member still needs its final block.
            byte[] closing = output.Length == 0 ? [.. EmptyFinalBlock] : output.ToArray();
            return new DeflatedText(closing, Crc32.Append(crcBefore, text), text.Length);
        }
        // Flush is a sync flush: every byte so far is in complete blocks, none of them final.
        deflate.Flush();
        var blocks = output.ToArray();
        deflate.Dispose();
        return new DeflatedText(blocks, Crc32.Append(crcBefore, text), text.Length);
    }
}
