using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace SafeCache.Analyzers.Telemetry;

/// <summary>
/// Writes a deterministic, library-sized body of ordinary C#: one module per file (a model with validation, a
/// repository, a service with LINQ and async code, a serializer, reports and string helpers). Static caches appear at
/// the density of real libraries (<see cref="StaticCachesPerThousandLines"/>), mostly the benign reflection and lookup
/// caches real code has, a few of the shapes SafeCache reports. File i is the same at every size, so 2× is 1× plus more.
/// </summary>
internal static class CorpusGenerator
{
    /// <summary>Static caches per 1,000 generated lines.</summary>
    public const double StaticCachesPerThousandLines = 3.0;

    private static readonly string[] Entities =
    {
        "Order", "Customer", "Invoice", "Product", "Shipment", "Payment", "Account", "Ticket", "Supplier", "Warehouse",
        "Contract", "Employee", "Project", "Booking", "Subscription", "Vehicle", "Claim", "Course", "Device", "Campaign",
    };

    private static readonly (string Type, string Name, string Init)[] Properties =
    {
        ("string", "Code", " = \"\";"), ("decimal", "Amount", ""), ("DateTime", "CreatedAt", ""), ("bool", "IsActive", ""),
        ("string?", "Notes", ""), ("int", "Priority", ""), ("Guid", "Reference", ""), ("string", "Region", " = \"\";"),
        ("double", "Score", ""), ("DateTime?", "ClosedAt", ""), ("string", "Email", " = \"\";"), ("long", "Version", ""),
    };

    public sealed record Corpus(IReadOnlyList<string> Files, int Lines, int StaticCaches);

    /// <summary>Files until at least <paramref name="lines"/> lines are written.</summary>
    public static Corpus Generate(int lines)
    {
        var files = new List<string>();
        var total = 0;
        var caches = 0;
        var budget = 0.0;
        for (var i = 0; total < lines; i++)
        {
            var file = Module(i, ref budget, ref caches);
            files.Add(file);
            total += CountLines(file);
        }

        return new Corpus(files, total, caches);
    }

    private static int CountLines(string text)
    {
        var n = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                n++;
            }
        }

        return n;
    }

    private static string Module(int index, ref double cacheBudget, ref int caches)
    {
        var random = new SplitMix(index);
        var e = Entities[index % Entities.Length];
        var props = new List<(string Type, string Name, string Init)>();
        var start = random.Next(Properties.Length);
        var count = 3 + random.Next(6);
        for (var k = 0; k < count; k++)
        {
            props.Add(Properties[(start + k) % Properties.Length]);
        }

        var w = new Writer();
        w.Line("using System;");
        w.Line("using System.Collections.Concurrent;");
        w.Line("using System.Collections.Generic;");
        w.Line("using System.Globalization;");
        w.Line("using System.Linq;");
        w.Line("using System.Reflection;");
        w.Line("using System.Text;");
        w.Line("using System.Threading;");
        w.Line("using System.Threading.Tasks;");
        w.Line("using Microsoft.Extensions.Caching.Memory;");
        w.Line("using SafeCache;");
        w.Line();
        w.Line($"namespace Corpus.Module{index.ToString(CultureInfo.InvariantCulture)};");
        w.Line();
        Model(w, e, props);
        Repository(w, e);

        // Roughly 230 lines per module: the cache budget grows by what this module adds, spent as whole caches.
        cacheBudget += 230 * StaticCachesPerThousandLines / 1000.0;
        var shapes = new List<int>();
        while (cacheBudget >= 1.0)
        {
            cacheBudget -= 1.0;
            var shape = PickShape(random);
            if (!shapes.Contains(shape))
            {
                shapes.Add(shape);
                caches++;
            }
        }

        Service(w, e, random, shapes);
        Serializer(w, e, props);
        if (random.Next(3) != 0)
        {
            Reports(w, e, props);
        }

        if (random.Next(2) == 0)
        {
            TextHelpers(w, e);
        }

        return w.ToString();
    }

    // Weights: reflection and lookup caches dominate real code; reportable shapes are the minority.
    private static int PickShape(SplitMix random)
    {
        var roll = random.Next(20);
        return roll switch
        {
            < 6 => 0,   // reflection cache keyed by Type
            < 10 => 1,  // enum / lookup table
            < 13 => 2,  // string-keyed normalization cache (unbounded)
            < 15 => 3,  // per-key totals computed from instance state
            < 17 => 4,  // cached list handed to callers
            < 19 => 5,  // bounded LruCache
            _ => 6,     // compiled accessor per Type
        };
    }

    private static void Model(Writer w, string e, List<(string Type, string Name, string Init)> props)
    {
        w.Line($"public enum {e}Status {{ Draft, Active, Suspended, Closed }}");
        w.Line();
        w.Line($"public sealed class {e}Line");
        w.Open();
        w.Line("public string Sku { get; set; } = \"\";");
        w.Line("public int Quantity { get; set; }");
        w.Line("public decimal Price { get; set; }");
        w.Line("public decimal Subtotal => Price * Quantity;");
        w.Close();
        w.Line();
        w.Line($"public sealed class {e} : IEquatable<{e}>");
        w.Open();
        w.Line("public int Id { get; set; }");
        w.Line("public string Name { get; set; } = \"\";");
        w.Line($"public {e}Status Status {{ get; set; }}");
        foreach (var (type, name, init) in props)
        {
            w.Line($"public {type} {name} {{ get; set; }}{init}");
        }

        w.Line($"public List<{e}Line> Lines {{ get; }} = new();");
        w.Line("public decimal Total => Lines.Sum(l => l.Subtotal);");
        w.Line();
        w.Line($"public bool Equals({e}? other) => other is not null && Id == other.Id && string.Equals(Name, other.Name, StringComparison.Ordinal);");
        w.Line();
        w.Line($"public override bool Equals(object? obj) => Equals(obj as {e});");
        w.Line();
        w.Line("public override int GetHashCode() => HashCode.Combine(Id, Name);");
        w.Line();
        w.Line($"public override string ToString() => $\"{e} #{{Id}} ({{Name}}, {{Status}})\";");
        w.Line();
        w.Line("public IReadOnlyList<string> Validate()");
        w.Open();
        w.Line("var errors = new List<string>();");
        w.Line("if (string.IsNullOrWhiteSpace(Name))");
        w.Open();
        w.Line("errors.Add(\"Name is required.\");");
        w.Close();
        w.Line();
        w.Line("if (Id < 0)");
        w.Open();
        w.Line("errors.Add($\"Id must not be negative, was {Id}.\");");
        w.Close();
        w.Line();
        w.Line("foreach (var line in Lines)");
        w.Open();
        w.Line("if (line.Quantity <= 0)");
        w.Open();
        w.Line("errors.Add($\"Line {line.Sku} has no quantity.\");");
        w.Close();
        w.Close();
        w.Line();
        w.Line("return errors;");
        w.Close();
        w.Close();
        w.Line();
    }

    private static void Repository(Writer w, string e)
    {
        w.Line($"public interface I{e}Repository");
        w.Open();
        w.Line($"{e}? Find(int id);");
        w.Line($"IEnumerable<{e}> All();");
        w.Line($"void Save({e} item);");
        w.Close();
        w.Line();
        w.Line($"public sealed class InMemory{e}Repository : I{e}Repository");
        w.Open();
        w.Line($"private readonly Dictionary<int, {e}> _items = new();");
        w.Line("private readonly object _gate = new();");
        w.Line();
        w.Line($"public {e}? Find(int id)");
        w.Open();
        w.Line("lock (_gate)");
        w.Open();
        w.Line("return _items.TryGetValue(id, out var item) ? item : null;");
        w.Close();
        w.Close();
        w.Line();
        w.Line($"public IEnumerable<{e}> All()");
        w.Open();
        w.Line("lock (_gate)");
        w.Open();
        w.Line("return _items.Values.ToList();");
        w.Close();
        w.Close();
        w.Line();
        w.Line($"public void Save({e} item)");
        w.Open();
        w.Line("ArgumentNullException.ThrowIfNull(item);");
        w.Line("lock (_gate)");
        w.Open();
        w.Line("_items[item.Id] = item;");
        w.Close();
        w.Close();
        w.Close();
        w.Line();
    }

    private static void Service(Writer w, string e, SplitMix random, List<int> shapes)
    {
        var usesMemoryCache = random.Next(4) == 0;
        w.Line($"public sealed class {e}Service");
        w.Open();
        w.Line($"private readonly I{e}Repository _repository;");
        w.Line("private readonly Func<DateTime> _clock;");
        w.Line("private readonly string _tenant;");
        w.Line("private readonly Dictionary<string, int> _nameToId = new(StringComparer.OrdinalIgnoreCase);");
        if (usesMemoryCache)
        {
            w.Line("private readonly IMemoryCache _memory;");
        }

        foreach (var shape in shapes)
        {
            CacheField(w, e, shape);
        }

        w.Line();
        w.Line(usesMemoryCache
            ? $"public {e}Service(I{e}Repository repository, Func<DateTime> clock, string tenant, IMemoryCache memory)"
            : $"public {e}Service(I{e}Repository repository, Func<DateTime> clock, string tenant)");
        w.Open();
        w.Line("_repository = repository ?? throw new ArgumentNullException(nameof(repository));");
        w.Line("_clock = clock;");
        w.Line("_tenant = tenant;");
        if (usesMemoryCache)
        {
            w.Line("_memory = memory;");
        }

        w.Close();
        w.Line();
        w.Line($"public {e} Create(int id, string name)");
        w.Open();
        w.Line($"var item = new {e} {{ Id = id, Name = name.Trim(), Status = {e}Status.Draft }};");
        w.Line("var errors = item.Validate();");
        w.Line("if (errors.Count > 0)");
        w.Open();
        w.Line("throw new ArgumentException(string.Join(\"; \", errors), nameof(name));");
        w.Close();
        w.Line();
        w.Line("_repository.Save(item);");
        w.Line("_nameToId[item.Name] = id;");
        w.Line("return item;");
        w.Close();
        w.Line();
        w.Line($"public {e}? FindByName(string name) => _nameToId.TryGetValue(name, out var id) ? _repository.Find(id) : null;");
        w.Line();
        w.Line($"public IReadOnlyList<{e}> Search(string text, int take = 20)");
        w.Open();
        w.Line("return _repository.All()");
        w.Line("    .Where(x => x.Name.Contains(text, StringComparison.OrdinalIgnoreCase))");
        w.Line($"    .Where(x => x.Status != {e}Status.Closed)");
        w.Line("    .OrderByDescending(x => x.Total)");
        w.Line("    .ThenBy(x => x.Name, StringComparer.Ordinal)");
        w.Line("    .Take(take)");
        w.Line("    .ToList();");
        w.Close();
        w.Line();
        w.Line($"public Dictionary<{e}Status, decimal> TotalsByStatus()");
        w.Open();
        w.Line("return _repository.All()");
        w.Line("    .GroupBy(x => x.Status)");
        w.Line("    .ToDictionary(g => g.Key, g => g.Sum(x => x.Total));");
        w.Close();
        w.Line();
        w.Line("public async Task<int> ImportAsync(IEnumerable<" + e + "> items, CancellationToken cancellationToken)");
        w.Open();
        w.Line("var imported = 0;");
        w.Line("foreach (var item in items)");
        w.Open();
        w.Line("cancellationToken.ThrowIfCancellationRequested();");
        w.Line("if (item.Validate().Count != 0)");
        w.Open();
        w.Line("continue;");
        w.Close();
        w.Line();
        w.Line("_repository.Save(item);");
        w.Line("imported++;");
        w.Line("if (imported % 100 == 0)");
        w.Open();
        w.Line("await Task.Yield();");
        w.Close();
        w.Close();
        w.Line();
        w.Line("return imported;");
        w.Close();
        w.Line();
        w.Line("public bool Close(int id)");
        w.Open();
        w.Line("var item = _repository.Find(id);");
        w.Line($"if (item is null || item.Status == {e}Status.Closed)");
        w.Open();
        w.Line("return false;");
        w.Close();
        w.Line();
        w.Line($"item.Status = {e}Status.Closed;");
        w.Line("_repository.Save(item);");
        w.Line("return true;");
        w.Close();
        w.Line();
        w.Line("public string Describe(int id)");
        w.Open();
        w.Line("var item = _repository.Find(id);");
        w.Line("return item is null ? $\"{_tenant}: not found\" : $\"{_tenant}: {item} at {_clock():O}\";");
        w.Close();
        if (usesMemoryCache)
        {
            w.Line();
            w.Line($"public {e}? Cached(int id) => _memory.GetOrCreate(\"" + e + ":\" + id, _ => _repository.Find(id));");
        }

        foreach (var shape in shapes)
        {
            CacheMethod(w, e, shape);
        }

        w.Close();
        w.Line();
    }

    private static void CacheField(Writer w, string e, int shape)
    {
        switch (shape)
        {
            case 0:
                w.Line("private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_properties = new();");
                break;
            case 1:
                w.Line($"private static readonly Dictionary<{e}Status, string> s_statusLabels = new()");
                w.Open();
                w.Line($"[{e}Status.Draft] = \"draft\", [{e}Status.Active] = \"active\", [{e}Status.Suspended] = \"on hold\", [{e}Status.Closed] = \"closed\",");
                w.Dedent();
                w.Line("};");
                break;
            case 2:
                w.Line("private static readonly ConcurrentDictionary<string, string> s_normalized = new(StringComparer.Ordinal);");
                break;
            case 3:
                w.Line("private static readonly ConcurrentDictionary<int, decimal> s_totals = new();");
                break;
            case 4:
                w.Line($"private static readonly Dictionary<string, List<{e}>> s_byRegion = new(StringComparer.Ordinal);");
                w.Line("private static readonly object s_byRegionGate = new();");
                break;
            case 5:
                w.Line("private static readonly LruCache<int, string> s_displayNames = new(capacity: 1024);");
                break;
            default:
                w.Line("private static readonly ConcurrentDictionary<Type, Func<object, string>> s_formatters = new();");
                break;
        }
    }

    private static void CacheMethod(Writer w, string e, int shape)
    {
        w.Line();
        switch (shape)
        {
            case 0:
                w.Line("public static PropertyInfo[] PropertiesOf(Type type) =>");
                w.Line("    s_properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance));");
                break;
            case 1:
                w.Line($"public static string Label({e}Status status) => s_statusLabels.TryGetValue(status, out var label) ? label : status.ToString();");
                break;
            case 2:
                w.Line("public static string Normalize(string name) =>");
                w.Line("    s_normalized.GetOrAdd(name, n => n.Trim().ToUpperInvariant().Replace(' ', '-'));");
                break;
            case 3:
                w.Line("public decimal TotalOf(int id) => s_totals.GetOrAdd(id, key => _repository.Find(key)?.Total ?? 0m);");
                break;
            case 4:
                w.Line($"public List<{e}> InRegion(string region)");
                w.Open();
                w.Line("lock (s_byRegionGate)");
                w.Open();
                w.Line("if (!s_byRegion.TryGetValue(region, out var list))");
                w.Open();
                w.Line("list = _repository.All().Where(x => x.ToString().Contains(region, StringComparison.Ordinal)).ToList();");
                w.Line("s_byRegion[region] = list;");
                w.Close();
                w.Line();
                w.Line("return list;");
                w.Close();
                w.Close();
                break;
            case 5:
                w.Line("public string DisplayName(int id) => s_displayNames.GetOrAdd(id, key => \"#\" + key.ToString(CultureInfo.InvariantCulture));");
                break;
            default:
                w.Line("public static string Format(object value)");
                w.Open();
                w.Line("var formatter = s_formatters.GetOrAdd(value.GetType(), type =>");
                w.Line("{");
                w.Line("    var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);");
                w.Line("    return instance => string.Join(\", \", properties.Select(p => p.Name + \"=\" + p.GetValue(instance)));");
                w.Line("});");
                w.Line("return formatter(value);");
                w.Close();
                break;
        }
    }

    private static void Serializer(Writer w, string e, List<(string Type, string Name, string Init)> props)
    {
        w.Line($"public static class {e}Serializer");
        w.Open();
        w.Line($"public static string Serialize({e} item)");
        w.Open();
        w.Line("var builder = new StringBuilder();");
        w.Line("builder.Append('{');");
        w.Line("Write(builder, \"id\", item.Id.ToString(CultureInfo.InvariantCulture));");
        w.Line("builder.Append(',');");
        w.Line("Write(builder, \"name\", item.Name);");
        foreach (var (type, name, _) in props)
        {
            w.Line("builder.Append(',');");
            var value = type switch
            {
                "string" => $"item.{name}",
                "string?" => $"item.{name} ?? \"\"",
                "DateTime" => $"item.{name}.ToString(\"O\", CultureInfo.InvariantCulture)",
                "DateTime?" => $"item.{name}?.ToString(\"O\", CultureInfo.InvariantCulture) ?? \"\"",
                "Guid" => $"item.{name}.ToString(\"D\")",
                "bool" => $"item.{name} ? \"true\" : \"false\"",
                _ => $"item.{name}.ToString(CultureInfo.InvariantCulture)",
            };
            w.Line($"Write(builder, \"{char.ToLowerInvariant(name[0])}{name.Substring(1)}\", {value});");
        }

        w.Line("builder.Append('}');");
        w.Line("return builder.ToString();");
        w.Close();
        w.Line();
        w.Line("private static void Write(StringBuilder builder, string name, string value)");
        w.Open();
        w.Line("builder.Append('\"').Append(name).Append(\"\\\":\\\"\");");
        w.Line("foreach (var c in value)");
        w.Open();
        w.Line("switch (c)");
        w.Open();
        w.Line("case '\"': builder.Append(\"\\\\\\\"\"); break;");
        w.Line("case '\\\\': builder.Append(\"\\\\\\\\\"); break;");
        w.Line("case '\\n': builder.Append(\"\\\\n\"); break;");
        w.Line("default: builder.Append(c); break;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("builder.Append('\"');");
        w.Close();
        w.Line();
        w.Line($"public static {e} Parse(string text)");
        w.Open();
        w.Line($"var item = new {e}();");
        w.Line("foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))");
        w.Open();
        w.Line("var at = pair.IndexOf('=');");
        w.Line("if (at <= 0)");
        w.Open();
        w.Line("throw new FormatException($\"Expected key=value, got '{pair}'.\");");
        w.Close();
        w.Line();
        w.Line("var key = pair.Substring(0, at);");
        w.Line("var value = pair.Substring(at + 1);");
        w.Line("switch (key)");
        w.Open();
        w.Line("case \"id\": item.Id = int.Parse(value, CultureInfo.InvariantCulture); break;");
        w.Line("case \"name\": item.Name = value; break;");
        w.Line($"case \"status\": item.Status = Enum.Parse<{e}Status>(value, ignoreCase: true); break;");
        foreach (var (type, name, _) in props)
        {
            var parse = type switch
            {
                "string" or "string?" => "value",
                "DateTime" or "DateTime?" => "DateTime.Parse(value, CultureInfo.InvariantCulture)",
                "Guid" => "Guid.Parse(value)",
                "bool" => "bool.Parse(value)",
                _ => $"{type}.Parse(value, CultureInfo.InvariantCulture)",
            };
            w.Line($"case \"{name.ToLowerInvariant()}\": item.{name} = {parse}; break;");
        }

        w.Line("default: break;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("return item;");
        w.Close();
        w.Close();
        w.Line();
    }

    private static void Reports(Writer w, string e, List<(string Type, string Name, string Init)> props)
    {
        w.Line($"public static class {e}Reports");
        w.Open();
        w.Line($"public static string Table(IEnumerable<{e}> items)");
        w.Open();
        w.Line("var rows = items.OrderBy(x => x.Id).Select(x => new { x.Id, x.Name, x.Status, x.Total }).ToList();");
        w.Line("var width = rows.Count == 0 ? 4 : Math.Max(4, rows.Max(r => r.Name.Length));");
        w.Line("var builder = new StringBuilder();");
        w.Line("builder.AppendLine(\"Id\".PadRight(8) + \"Name\".PadRight(width + 2) + \"Total\");");
        w.Line("foreach (var row in rows)");
        w.Open();
        w.Line("builder.Append(row.Id.ToString(CultureInfo.InvariantCulture).PadRight(8));");
        w.Line("builder.Append(row.Name.PadRight(width + 2));");
        w.Line("builder.AppendLine(row.Total.ToString(\"N2\", CultureInfo.InvariantCulture));");
        w.Close();
        w.Line();
        w.Line("return builder.ToString();");
        w.Close();
        w.Line();
        w.Line($"public static IEnumerable<(string Sku, int Quantity, decimal Revenue)> TopSkus(IEnumerable<{e}> items, int count)");
        w.Open();
        w.Line("return items");
        w.Line("    .SelectMany(x => x.Lines)");
        w.Line("    .GroupBy(l => l.Sku, StringComparer.OrdinalIgnoreCase)");
        w.Line("    .Select(g => (g.Key, g.Sum(l => l.Quantity), g.Sum(l => l.Subtotal)))");
        w.Line("    .OrderByDescending(t => t.Item3)");
        w.Line("    .Take(count);");
        w.Close();
        w.Line();
        w.Line($"public static double AverageLines(IReadOnlyCollection<{e}> items) => items.Count == 0 ? 0 : items.Average(x => x.Lines.Count);");
        w.Line();
        w.Line($"public static ILookup<{e}Status, string> NamesByStatus(IEnumerable<{e}> items) =>");
        w.Line("    items.ToLookup(x => x.Status, x => x.Name);");
        var numeric = props.Find(p => p.Type is "decimal" or "int" or "double" or "long");
        if (numeric.Name is not null)
        {
            w.Line();
            w.Line($"public static {numeric.Type} Max{numeric.Name}(IEnumerable<{e}> items) => items.Select(x => x.{numeric.Name}).DefaultIfEmpty().Max();");
        }

        w.Close();
        w.Line();
    }

    private static void TextHelpers(Writer w, string e)
    {
        w.Line($"internal static class {e}Text");
        w.Open();
        w.Line("public static string Slug(string text)");
        w.Open();
        w.Line("var builder = new StringBuilder(text.Length);");
        w.Line("var dash = false;");
        w.Line("foreach (var c in text.Trim())");
        w.Open();
        w.Line("if (char.IsLetterOrDigit(c))");
        w.Open();
        w.Line("builder.Append(char.ToLowerInvariant(c));");
        w.Line("dash = false;");
        w.Close();
        w.Line("else if (!dash && builder.Length > 0)");
        w.Open();
        w.Line("builder.Append('-');");
        w.Line("dash = true;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("return builder.ToString().TrimEnd('-');");
        w.Close();
        w.Line();
        w.Line("public static string Truncate(string text, int max) =>");
        w.Line("    text.Length <= max ? text : string.Concat(text.AsSpan(0, Math.Max(0, max - 1)), \"…\");");
        w.Line();
        w.Line("public static string Initials(string name) =>");
        w.Line("    string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0])));");
        w.Line();
        w.Line("public static bool SameText(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);");
        w.Close();
        w.Line();
    }

    /// <summary>Indenting line writer.</summary>
    private sealed class Writer
    {
        private readonly StringBuilder _text = new();
        private int _depth;

        public void Line(string line = "")
        {
            if (line.Length > 0)
            {
                _text.Append(' ', _depth * 4);
            }

            _text.Append(line).Append('\n');
        }

        public void Open()
        {
            Line("{");
            _depth++;
        }

        public void Close()
        {
            _depth--;
            Line("}");
        }

        /// <summary>Before an initializer block closed by hand with <c>};</c>.</summary>
        public void Dedent() => _depth--;

        public override string ToString() => _text.ToString();
    }

    /// <summary>SplitMix64: a tiny seeded generator whose sequence never changes between runtimes.</summary>
    private sealed class SplitMix
    {
        private ulong _state;

        public SplitMix(int seed) => _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x2545F4914F6CDD1DUL;

        public int Next(int bound)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z % (ulong)bound);
        }
    }
}
