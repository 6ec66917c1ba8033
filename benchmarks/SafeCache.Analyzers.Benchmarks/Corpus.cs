using System.Collections.Generic;
using System.Globalization;

namespace SafeCache.Analyzers.Benchmarks;

/// <summary>
/// Generates a project-sized body of ordinary C#: services with per-instance and static caches, reflection caches,
/// lookup tables and plain business code, so that analyzer cost is measured on code that looks like real code.
/// </summary>
internal static class Corpus
{
    public static IReadOnlyList<string> Generate(int files)
    {
        var sources = new List<string>(files);
        for (var i = 0; i < files; i++)
        {
            sources.Add(File(i));
        }

        return sources;
    }

    private static string File(int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        return $$"""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Linq;
            using Microsoft.Extensions.Caching.Memory;

            namespace Corpus.N{{n}};

            public enum Kind{{n}} { A, B, C }

            public sealed class Order{{n}}
            {
                public int Id { get; set; }
                public string Customer { get; set; } = "";
                public List<decimal> Lines { get; } = new();
                public decimal Total => Lines.Sum();
            }

            public sealed class Service{{n}}
            {
                private static readonly ConcurrentDictionary<Type, string> s_typeNames = new();
                private static readonly Dictionary<Kind{{n}}, string> s_labels = new() { [Kind{{n}}.A] = "a", [Kind{{n}}.B] = "b" };
                private static readonly Dictionary<(Service{{n}}, int), decimal> s_totals = new();
                private static readonly ConcurrentDictionary<string, int> s_lengths = new();
                private readonly Dictionary<int, Order{{n}}> _orders = new();
                private readonly IMemoryCache _memory;
                private readonly string _currency;

                public Service{{n}}(IMemoryCache memory, string currency)
                {
                    _memory = memory;
                    _currency = currency;
                }

                public string TypeName(Type type) => s_typeNames.GetOrAdd(type, t => t.FullName ?? t.Name);

                public string Label(Kind{{n}} kind) => s_labels.TryGetValue(kind, out var label) ? label : "?";

                public decimal Total(int id)
                {
                    if (!s_totals.TryGetValue((this, id), out var total))
                    {
                        total = Find(id)?.Total ?? 0m;
                        s_totals[(this, id)] = total;
                    }

                    return total;
                }

                public int Length(string text) => s_lengths.GetOrAdd(text, t => t.Length + _currency.Length);

                public Order{{n}}? Find(int id) => _orders.TryGetValue(id, out var order) ? order : null;

                public Order{{n}} Add(int id, string customer)
                {
                    var order = new Order{{n}} { Id = id, Customer = customer };
                    _orders[id] = order;
                    return order;
                }

                public string Describe(int id) => _memory.GetOrCreate(id, _ => $"{id} in {_currency}") ?? "";

                public IEnumerable<string> Report()
                {
                    foreach (var order in _orders.Values.OrderBy(o => o.Id))
                    {
                        var lines = string.Join(", ", order.Lines.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                        yield return $"{order.Id}: {order.Customer} [{lines}] = {order.Total} {_currency}";
                    }
                }
            }
            """;
    }
}
