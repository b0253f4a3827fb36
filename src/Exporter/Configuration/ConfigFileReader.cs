using System.Buffers;
using System.Text.Unicode;

namespace Exporter.Configuration;

/// <summary>
/// Reads the config file's text, or says in one <see cref="ConfigError"/> why it cannot: missing, a directory,
/// unreadable, too large, or not UTF-8. Never reads more than <see cref="MaxBytes"/> (a device or a huge file
/// cannot exhaust memory).
/// </summary>
public static class ConfigFileReader
{
    /// <summary>A config is a few KB; 4 MiB leaves room for hundreds of KPIs with long SQL.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public static string Read(string path)
    {
        if (Directory.Exists(path))
            throw Problem(path, 1, "is a directory, not a config file");
        if (!File.Exists(path))
            throw Problem(path, 1, "no such config file");
        byte[] bytes;
        try
        {
            bytes = ReadAtMost(path, MaxBytes + 1);
        }
        catch (UnauthorizedAccessException)
        {
            throw Problem(path, 1, "cannot read the config file: permission denied");
        }
        catch (IOException e)
        {
            throw Problem(path, 1, $"cannot read the config file: {e.Message}");
        }
        if (bytes.Length > MaxBytes)
            throw Problem(path, 1, $"the config file is larger than {MaxBytes / 1024 / 1024} MiB; is it the right file?");
        return Decode(path, bytes);
    }

    private static byte[] ReadAtMost(string path, int limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new ArrayBufferWriter<byte>();
        while (buffer.WrittenCount < limit)
        {
            var read = stream.Read(buffer.GetSpan(Math.Min(64 * 1024, limit - buffer.WrittenCount)));
            if (read == 0)
                break;
            buffer.Advance(read);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Strict UTF-8 (a BOM is fine): the first invalid byte is reported with its line.</summary>
    private static string Decode(string path, byte[] bytes)
    {
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var line = 1 + bytes.AsSpan(0, read).Count((byte)'\n');
            throw Problem(path, line, $"the config file is not valid UTF-8 text (byte 0x{bytes[read]:X2}); save it as UTF-8");
        }
        var text = new string(chars, 0, written);
        text = text.StartsWith('\uFEFF') ? text[1..] : text;
        // YAML allows only printable text; a control character would also reach the terminal in our messages.
        var control = text.AsSpan().IndexOfAnyExcept(Printable);
        if (control >= 0)
        {
            var line = 1 + text.AsSpan(0, control).Count('\n');
            throw Problem(path, line, $"the config file holds a control character (U+{(int)text[control]:X4}); YAML allows only printable text");
        }
        return text;
    }

    private static readonly SearchValues<char> Printable = SearchValues.Create(
        [.. Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(c => c is '\t' or '\n' or '\r' or '\u0085' || !char.IsControl(c))]);

    private static ConfigException Problem(string path, int line, string message) =>
        new([new ConfigError(path, line, message)]);
}
