using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Reflection;

namespace LeakyService;

/// <summary>
/// SC0002: a reflection cache of column names per row type, the kind every CSV writer and mapper has. The cache hands
/// out the very list it holds, and <see cref="CsvExport"/> removes the columns it hides from that list: after the first
/// export that hides "Secret", every later caller, the next export included, no longer sees the column at all.
/// </summary>
public static class ColumnCatalog
{
    private static readonly ConcurrentDictionary<Type, List<string>> s_columns = new();

    public static List<string> For(Type rowType)
        => s_columns.GetOrAdd(rowType, t => new List<string>(Array.ConvertAll(t.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => p.Name)));
}

public static class CsvExport
{
    public static string Header(Type rowType, params string[] hidden)
    {
        var columns = ColumnCatalog.For(rowType);
        foreach (var name in hidden)
        {
            columns.Remove(name); // changes the cached list for everyone
        }

        return string.Join(",", columns);
    }
}
