using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>A diagnostic span written in test markup: <c>[|…|]</c> (Id is null: the rule under test) or <c>{|ID:…|}</c>.</summary>
public readonly record struct MarkupSpan(string? Id, TextSpan Span);

/// <summary>
/// Parses test markup. <c>[|text|]</c> marks the expected span of the analyzer's (first) rule,
/// <c>{|SC0003:text|}</c> a diagnostic with a specific ID. Markers nest and may repeat.
/// </summary>
public static class TestMarkup
{
    public static (string Text, ImmutableArray<MarkupSpan> Spans) Parse(string markup)
    {
        var output = new StringBuilder(markup.Length);
        var spans = ImmutableArray.CreateBuilder<MarkupSpan>();
        var open = new Stack<(char Kind, string? Id, int Start, int MarkupIndex)>();

        var i = 0;
        while (i < markup.Length)
        {
            if (At(markup, i, "[|"))
            {
                open.Push(('[', null, output.Length, i));
                i += 2;
            }
            else if (At(markup, i, "{|") && TryReadId(markup, i + 2, out var id, out var afterColon))
            {
                open.Push(('{', id, output.Length, i));
                i = afterColon;
            }
            else if (At(markup, i, "|]") || At(markup, i, "|}"))
            {
                var kind = markup[i + 1] == ']' ? '[' : '{';
                if (open.Count == 0 || open.Peek().Kind != kind)
                {
                    throw new VerificationException(
                        $"Invalid markup: '{markup.Substring(i, 2)}' at {Describe(markup, i)} does not close an open '{(kind == '[' ? "[|" : "{|ID:")}' marker.");
                }

                var (_, openId, start, _) = open.Pop();
                spans.Add(new MarkupSpan(openId, TextSpan.FromBounds(start, output.Length)));
                i += 2;
            }
            else
            {
                output.Append(markup[i]);
                i++;
            }
        }

        if (open.Count > 0)
        {
            var unclosed = open.Peek();
            throw new VerificationException($"Invalid markup: marker opened at {Describe(markup, unclosed.MarkupIndex)} is never closed.");
        }

        spans.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : a.Span.End.CompareTo(b.Span.End));
        return (output.ToString(), spans.ToImmutable());
    }

    private static bool At(string s, int index, string token)
        => string.CompareOrdinal(s, index, token, 0, token.Length) == 0;

    private static bool TryReadId(string s, int index, out string id, out int afterColon)
    {
        var j = index;
        while (j < s.Length && (char.IsLetterOrDigit(s[j]) || s[j] == '_'))
        {
            j++;
        }

        if (j > index && j < s.Length && s[j] == ':')
        {
            id = s.Substring(index, j - index);
            afterColon = j + 1;
            return true;
        }

        id = string.Empty;
        afterColon = index;
        return false;
    }

    private static string Describe(string markup, int index)
    {
        var line = 1;
        var column = 1;
        for (var k = 0; k < index; k++)
        {
            if (markup[k] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return FormattableString.Invariant($"markup line {line}, column {column}");
    }
}
