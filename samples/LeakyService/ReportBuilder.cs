using System.Collections.Generic;
using System.Text;
using SafeCache;

namespace LeakyService;

/// <summary>
/// SC0001: the classic B019 shape. Each request creates a ReportBuilder holding the request's rows; memoising Build
/// in a static cache keyed by (this, year) keeps builders — and all of their rows — alive for the life of the process,
/// long after their request is gone. Bounding the cache did not help: it still pins up to 256 of them.
/// </summary>
public sealed class ReportBuilder
{
    private static readonly LruCache<(ReportBuilder, int), string> s_reports = new(capacity: 256);

    private readonly IReadOnlyList<(int Year, string Line)> _rows;

    public ReportBuilder(IReadOnlyList<(int Year, string Line)> rows) => _rows = rows;

    public string Build(int year) => s_reports.GetOrAdd((this, year), key => key.Item1.Render(key.Item2));

    private string Render(int year)
    {
        var text = new StringBuilder().Append("Report ").Append(year).AppendLine();
        foreach (var (rowYear, line) in _rows)
        {
            if (rowYear == year)
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }
}
