using Exporter.Tests.Infrastructure;

namespace Exporter.Tests.Configuration;

/// <summary>
/// Every kind of broken config (BrokenConfigs/: one file per mistake, its expected lines next to it, and the
/// cases generated here) through <c>validate</c> and <c>run</c> as real processes: exit code 2, exactly the
/// expected <c>file:line: message</c> lines, nothing on stdout, never a stack trace.
/// </summary>
[Trait(Tier.Name, Tier.Stack)]
[Trait(Tier.Exporter, Tier.ChildProcess)]
public sealed class BrokenConfigTests
{
    private static readonly string Corpus = RepositoryPaths.Of("tests", "Exporter.Tests", "Configuration", "BrokenConfigs");

    private static string[] Names =>
        [.. Directory.GetFiles(Corpus, "*.yaml").Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> CorpusNames => [.. Names];

    [Fact]
    public void Corpus_EveryKindOfMistake_HasAtLeastThirtyFilesWithExpectations()
    {
        var names = Names;

        Assert.True(names.Length >= 30, $"{names.Length} broken configs");
        Assert.All(names, name => Assert.True(File.Exists(Path.Combine(Corpus, $"{name}.expected")), $"{name}.expected is missing"));
    }

    [Theory]
    [MemberData(nameof(CorpusNames))]
    public async Task ValidateAndRun_BrokenConfig_ExitTwoWithExactLines(string name)
    {
        var path = Path.Combine(Corpus, $"{name}.yaml");
        var expected = File.ReadAllLines(Path.Combine(Corpus, $"{name}.expected")).Select(line => $"{path}:{line}").ToArray();

        await AssertRejectedAsync(path, expected);
    }

    [Fact]
    public async Task ValidateAndRun_HugeFile_IsRefusedUnread()
    {
        using var config = new TestConfig(string.Concat(Enumerable.Repeat("# a comment line to make the file huge\n", 140_000)));

        await AssertRejectedAsync(config.Path, $"{config.Path}:1: the config file is larger than 4 MiB; is it the right file?");
    }

    [Fact]
    public async Task ValidateAndRun_FortyThousandLevelsOfNesting_IsAnErrorNotAStackOverflow()
    {
        using var config = new TestConfig("packs: " + new string('[', 40_000) + "\n");

        await AssertRejectedAsync(config.Path, $"{config.Path}:1: the config is nested more than 64 levels deep");
    }

    [Fact]
    public async Task ValidateAndRun_BinaryGarbage_IsNotUtf8()
    {
        var path = Path.Combine(Path.GetTempPath(), $"exporter-test-{Guid.NewGuid():N}.yaml");
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        // A PNG saved under the config's name: its first byte is already invalid UTF-8.
        await File.WriteAllBytesAsync(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. garbage]);
        try
        {
            await AssertRejectedAsync(path, $"{path}:1: the config file is not valid UTF-8 text (byte 0x89); save it as UTF-8");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ValidateAndRun_Directory_IsNotAConfigFile()
    {
        var directory = Directory.CreateTempSubdirectory("exporter-test-").FullName;
        try
        {
            await AssertRejectedAsync(directory, $"{directory}:1: is a directory, not a config file");
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task ValidateAndRun_MissingFile_SaysSo()
    {
        var path = Path.Combine(Path.GetTempPath(), $"exporter-test-{Guid.NewGuid():N}", "exporter.yaml");

        await AssertRejectedAsync(path, $"{path}:1: no such config file");
    }

    [Fact]
    public async Task ValidateAndRun_UnreadableFile_PermissionDenied()
    {
        using var config = new TestConfig("datasources: []\n");
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("the exporter's tests run on Linux");
        File.SetUnixFileMode(config.Path, UnixFileMode.None);
        // Root reads any file: then the exporter runs as nobody, as a service account would.
        IReadOnlyList<string>? launcher = Environment.IsPrivilegedProcess ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : null;

        await AssertRejectedAsync(config.Path, [$"{config.Path}:1: cannot read the config file: permission denied"], launcher);
    }

    private static Task AssertRejectedAsync(string path, params string[] expected) => AssertRejectedAsync(path, expected, launcher: null);

    private static async Task AssertRejectedAsync(string path, string[] expected, IReadOnlyList<string>? launcher)
    {
        foreach (var command in new[] { "validate", "run" })
        {
            var (code, stdout, stderr) = await ExporterProcess.RunAsync([command, "--config", path], launcher: launcher);

            var because = $"{command}:\n{stdout}{stderr}";
            Assert.True(code == 2, because);
            Assert.Equal("", stdout);
            Assert.Equal([.. expected, $"{expected.Length} problem(s) in the config; nothing was started."], stderr.TrimEnd('\n').Split('\n'));
            Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        }
    }
}
