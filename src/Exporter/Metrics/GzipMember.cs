using System.Buffers.Binary;

namespace Exporter.Metrics;

/// <summary>
/// One gzip member (RFC 1952) made of an open deflated part (the pre-rendered KPIs, compressed once per change)
/// and a closed one (this scrape's self-metrics): a single ordinary gzip stream for every client.
/// </summary>
internal static class GzipMember
{
    // Magic, deflate, no flags, no mtime, no extra flags, OS unknown.
    private static readonly byte[] Header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

    public static long LengthOf(DeflatedText open, DeflatedText closed) =>
        Header.Length + open.Blocks.Length + closed.Blocks.Length + 8;

    public static async Task WriteAsync(Stream output, DeflatedText open, DeflatedText closed, CancellationToken cancellationToken)
    {
        var trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, closed.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), (uint)(open.Length + closed.Length));
        await output.WriteAsync(Header, cancellationToken);
        await output.WriteAsync(open.Blocks, cancellationToken);
        await output.WriteAsync(closed.Blocks, cancellationToken);
        await output.WriteAsync(trailer, cancellationToken);
    }
}
