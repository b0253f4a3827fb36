namespace Exporter.Configuration;

public enum SqlTokenKind { Word, QuotedIdentifier, Literal, Symbol, Semicolon, ExecutableComment }

/// <summary>A token of SQL: words are lower-cased (as PostgreSQL folds unquoted names); line is 1-based.</summary>
public sealed record SqlToken(SqlTokenKind Kind, string Text, int Line);

/// <summary>
/// Splits SQL into tokens the way PostgreSQL's lexer does for what matters to <see cref="KpiSqlRules"/>:
/// whitespace and comments (<c>--</c>, nested <c>/* */</c>) are skipped; strings (<c>'..'</c>, <c>E'..'</c> with
/// backslash escapes), quoted identifiers and dollar quotes (<c>$tag$..$tag$</c>) are single tokens.
/// An unterminated string or comment runs to the end, as the server would reject it anyway.
/// MySQL's lexer differs: <c>#</c> comments, <c>--</c> a comment only before a space, block comments not nested
/// and <c>/*! */</c> (<c>/*M! */</c>) comments that the server runs (an <see cref="SqlTokenKind.ExecutableComment"/>),
/// strings in single or double quotes with backslash escapes, identifiers in backticks, and no dollar quotes.
/// </summary>
public static class SqlTokenizer
{
    public static List<SqlToken> Tokenize(string sql, DatabaseEngine engine = DatabaseEngine.PostgreSql)
    {
        var mysql = engine == DatabaseEngine.MySql;
        var tokens = new List<SqlToken>();
        var (i, line) = (0, 1);
        while (i < sql.Length)
        {
            var start = i;
            var startLine = line;
            var c = sql[i];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
                i++;
            else if (c == '-' && At(i + 1) == '-' && (!mysql || At(i + 2) <= ' '))
                i = SkipUntil(i, "\n");
            else if (c == '#' && mysql)
                i = SkipUntil(i, "\n");
            else if (c == '/' && At(i + 1) == '*' && mysql)
            {
                if (At(i + 2) == '!' || (At(i + 2) == 'M' && At(i + 3) == '!'))
                    tokens.Add(new SqlToken(SqlTokenKind.ExecutableComment, "/*!", startLine));
                i = SkipUntil(i + 2, "*/");
            }
            else if (c == '/' && At(i + 1) == '*')
                i = SkipBlockComment(i);
            else if (mysql && c is '\'' or '"')
            {
                i = SkipQuoted(i, c, backslashEscapes: true);
                tokens.Add(new SqlToken(SqlTokenKind.Literal, "'", startLine));
            }
            else if (mysql && c == '`')
            {
                i = SkipQuoted(i, '`', backslashEscapes: false);
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, sql[(start + 1)..Math.Max(start + 1, i - 1)].Replace("``", "`", StringComparison.Ordinal), startLine));
            }
            else if (c == '\'' || (c is 'e' or 'E' && At(i + 1) == '\''))
            {
                i = c == '\'' ? SkipQuoted(i, '\'', backslashEscapes: false) : SkipQuoted(i + 1, '\'', backslashEscapes: true);
                tokens.Add(new SqlToken(SqlTokenKind.Literal, "'", startLine));
            }
            else if (c == '"')
            {
                i = SkipQuoted(i, '"', backslashEscapes: false);
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, sql[(start + 1)..Math.Max(start + 1, i - 1)].Replace("\"\"", "\"", StringComparison.Ordinal), startLine));
            }
            else if (c == '$' && !mysql && DollarTag(i) is { } tag)
            {
                var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + tag.Length;
                tokens.Add(new SqlToken(SqlTokenKind.Literal, tag, startLine));
            }
            else if (IsWordStart(c))
            {
                while (i < sql.Length && IsWordPart(sql[i]))
                    i++;
                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i].ToLowerInvariant(), startLine));
            }
            else if (char.IsAsciiDigit(c) || c == '$')
            {
                i++;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '.' or '_'))
                    i++;
                tokens.Add(new SqlToken(SqlTokenKind.Literal, sql[start..i], startLine));
            }
            else
            {
                i++;
                tokens.Add(new SqlToken(c == ';' ? SqlTokenKind.Semicolon : SqlTokenKind.Symbol, c.ToString(), startLine));
            }
            for (var k = start; k < i; k++)
                if (sql[k] == '\n')
                    line++;
        }
        return tokens;

        char At(int index) => index < sql.Length ? sql[index] : '\0';

        int SkipUntil(int from, string end)
        {
            var found = sql.IndexOf(end, from, StringComparison.Ordinal);
            return found < 0 ? sql.Length : found + end.Length;
        }

        int SkipBlockComment(int from)
        {
            var (depth, k) = (0, from);
            while (k < sql.Length)
            {
                if (sql[k] == '/' && At(k + 1) == '*') { depth++; k += 2; }
                else if (sql[k] == '*' && At(k + 1) == '/') { depth--; k += 2; if (depth == 0) return k; }
                else k++;
            }
            return k;
        }

        int SkipQuoted(int from, char quote, bool backslashEscapes)
        {
            var k = from + 1;
            while (k < sql.Length)
            {
                if (backslashEscapes && sql[k] == '\\') k += 2;
                else if (sql[k] == quote && At(k + 1) == quote) k += 2;
                else if (sql[k] == quote) return k + 1;
                else k++;
            }
            return sql.Length;
        }

        // $$ or $tag$ opens a dollar quote; $1 is a parameter. Inside a word, '$' is part of the word (handled there).
        string? DollarTag(int from)
        {
            var k = from + 1;
            if (k < sql.Length && IsWordStart(sql[k]))
                while (k < sql.Length && IsWordPart(sql[k]) && sql[k] != '$')
                    k++;
            return k < sql.Length && sql[k] == '$' ? sql[from..(k + 1)] : null;
        }
    }

    private static bool IsWordStart(char c) => char.IsAsciiLetter(c) || c == '_' || c > 127;

    private static bool IsWordPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c > 127;
}
