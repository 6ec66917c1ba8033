#!/usr/bin/env python3
"""Writes a folder of realistic C# service code for timing `safecache scan` (default: 100,000 lines).

Usage: python3 benchmarks/Cli/make-corpus.py OUT_DIR [LINES]
Every file relies on the SDK's implicit usings (no using directives for System.*), mixes ordinary services with
LINQ, async code and records, and every fifth file has a static memo cache (some leaky, some fine).
"""
import os
import sys

out = sys.argv[1]
target = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
os.makedirs(out, exist_ok=True)

def service(i):
    n = f"Service{i}"
    lines = [f"namespace Corpus.Area{i % 20};", "", f"public sealed record Order{i}(int Id, string Sku, decimal Price, DateTime At);", "",
             f"public sealed class {n}", "{"]
    if i % 5 == 0:
        lines += [f"    private static readonly System.Collections.Concurrent.ConcurrentDictionary<({n}, int), string> s_memo = new();",
                  f"    public string Describe(int id) => s_memo.GetOrAdd((this, id), k => k.Item1.Render(k.Item2));", ""]
    elif i % 5 == 1:
        lines += ["    private static readonly Dictionary<string, int> s_lengths = new();",
                  "    public static int Length(string s) { if (s_lengths.TryGetValue(s, out var n)) return n; n = s.Length; s_lengths[s] = n; return n; }", ""]
    elif i % 5 == 2:
        lines += ["    private static readonly Dictionary<Type, string> s_names = new();",
                  "    public static string NameOf(Type t) { lock (s_names) { if (!s_names.TryGetValue(t, out var n)) { n = t.FullName ?? t.Name; s_names[t] = n; } return n; } }", ""]
    lines += [f"    private readonly List<Order{i}> _orders = new();", "    private readonly string _region;", "",
              f"    public {n}(string region) => _region = region;", "",
              "    private string Render(int id) => _region + id;", ""]
    for m in range(18):
        lines += [f"    public async Task<decimal> Total{m}Async(int minId, CancellationToken cancellationToken)",
                  "    {",
                  "        await Task.Yield();",
                  f"        var selected = _orders.Where(o => o.Id >= minId && o.Sku.StartsWith(\"{m}\", StringComparison.Ordinal)).ToList();",
                  "        var total = 0m;",
                  "        foreach (var order in selected)",
                  "        {",
                  "            cancellationToken.ThrowIfCancellationRequested();",
                  "            total += order.Price * (order.At.DayOfWeek == DayOfWeek.Sunday ? 0.9m : 1m);",
                  "        }",
                  "",
                  f"        return Math.Round(total + {m}, 2);",
                  "    }",
                  ""]
    lines += ["}"]
    return lines

written = 0
i = 0
while written < target:
    lines = service(i)
    with open(os.path.join(out, f"Service{i}.cs"), "w") as f:
        f.write("\n".join(lines) + "\n")
    written += len(lines)
    i += 1
print(f"{i} files, {written} lines in {out}")
