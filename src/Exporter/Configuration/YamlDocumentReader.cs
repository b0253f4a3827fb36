using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Exporter.Configuration;

/// <summary>
/// Turns the config's text into its one root mapping, or errors with their line. A first pass over the parser's
/// events (no tree, no recursion) refuses what would hurt the tree builder or be silently ignored: nesting deeper
/// than <see cref="MaxDepth"/> (YamlDotNet builds nodes recursively: 40,000 '[' overflow the stack) and a second
/// document. Every exception of the parser becomes an error at its position.
/// </summary>
internal static partial class YamlDocumentReader
{
    /// <summary>The config's own nesting is 4 levels (kpis, a KPI, its labels); 64 is far beyond any real file.</summary>
    public const int MaxDepth = 64;

    public static YamlMappingNode? ReadRoot(string text, ConfigReadContext context)
    {
        if (!Check(text, context))
            return null;
        var parser = new PositionTrackingParser(new Parser(new StringReader(text)));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count == 0)
            {
                context.Error(1, "the config file is empty");
                return null;
            }
            if (stream.Documents[0].RootNode is YamlMappingNode root)
                return root;
            context.Error(stream.Documents[0].RootNode, "the config must be a mapping (datasources:, packs:, kpis: ...)");
            return null;
        }
        catch (YamlException e)
        {
            // E.g. a duplicate key: found only when the tree is built.
            context.Error(LineOf(e.Start, text), $"invalid YAML: {StripPosition(e.Message)}");
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The tree builder throws ArgumentException on some events it does not expect (e.g. "- : x").
            context.Error(LineOf(parser.LastStart, text), "invalid YAML: unexpected content here (a key or value is missing?)");
            return null;
        }
    }

    /// <summary>Remembers where the last event started, for errors that YamlDotNet throws without a position.</summary>
    private sealed class PositionTrackingParser(IParser inner) : IParser
    {
        public Mark LastStart { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
                LastStart = current.Start;
            return moved;
        }
    }

    private static bool Check(string text, ConfigReadContext context)
    {
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var parser = new Parser(scanner);
        var open = new Stack<(string Bracket, bool Flow, int Line)>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var line = LineOf(current.Start, text);
                switch (current)
                {
                    case DocumentStart when ++documents > 1:
                        context.Error(line, "a second YAML document starts here; the config is one document (remove the '---' or split the file)");
                        return false;
                    case AnchorAlias alias when !anchors.Contains(alias.Value.Value):
                        // Found here, not after the whole tree is built (which reports the document's first line).
                        context.Error(line, $"invalid YAML: the alias '*{alias.Value}' has no anchor '&{alias.Value}' before it");
                        return false;
                    case NodeEvent { Anchor.IsEmpty: false } node:
                        anchors.Add(node.Anchor.Value);
                        break;
                }
                switch (current)
                {
                    case SequenceStart sequence:
                        open.Push(("[", sequence.Style == SequenceStyle.Flow, line));
                        break;
                    case MappingStart mapping:
                        open.Push(("{", mapping.Style == MappingStyle.Flow, line));
                        break;
                    case SequenceEnd or MappingEnd:
                        open.Pop();
                        break;
                }
                if (open.Count > MaxDepth)
                {
                    context.Error(line, $"the config is nested more than {MaxDepth} levels deep");
                    return false;
                }
            }
            return true;
        }
        catch (YamlException e)
        {
            context.Error(LineOf(e.Start, text, e.Message), $"invalid YAML: {StripPosition(e.Message)}");
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // YamlDotNet throws other exceptions on some broken text (InvalidOperationException on an unclosed
            // '[' followed by a new line): the likely cause is an open flow collection, else the scanner's position.
            if (open.TryPeek(out var innermost) && innermost.Flow)
                context.Error(innermost.Line, $"invalid YAML: this '{innermost.Bracket}' is never closed");
            else
                context.Error(LineOf(scanner.CurrentPosition, text), "invalid YAML: the text cannot be read here");
            return false;
        }
    }

    /// <summary>
    /// YamlDotNet reports a tab used as indentation at the start of the mapping; the first such line after it is
    /// where the tab is.
    /// </summary>
    private static int LineOf(Mark mark, string text, string message)
    {
        var line = LineOf(mark, text);
        if (!message.Contains("tab", StringComparison.Ordinal))
            return line;
        var lines = text.Split('\n');
        for (var i = line - 1; i < lines.Length; i++)
            if (lines[i].TrimStart(' ').StartsWith('\t'))
                return i + 1;
        return line;
    }

    /// <summary>The mark's line, within the text (at the end of the text YamlDotNet may count one line more).</summary>
    private static int LineOf(Mark mark, string text) =>
        (int)Math.Clamp(mark.Line, 1, Math.Max(1, text.TrimEnd('\n').Count(c => c == '\n') + 1));

    // YamlDotNet prefixes messages with "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; we print our own position.
    private static string StripPosition(string message) => PositionPrefix().Replace(message, "");

    [GeneratedRegex(@"^\(Line: .*?\): ")]
    private static partial Regex PositionPrefix();
}
