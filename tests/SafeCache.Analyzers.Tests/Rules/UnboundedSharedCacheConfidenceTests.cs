using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SafeCache.Analyzers.Rules;
using SafeCache.Analyzers.Tests.Verification;
using Verify = SafeCache.Analyzers.Tests.Verification.AnalyzerVerifier<SafeCache.Analyzers.Rules.UnboundedSharedCacheAnalyzer>;

namespace SafeCache.Analyzers.Tests.Rules;

/// <summary>
/// SC0003's default confidence (issue 10): a warning where a write shows that keys never repeat (a fresh
/// identity-compared key, an identifier or an instant in the key) or come from outside (request data, console or file
/// input, a value fetched from a database, the network or a file), a suggestion where the keys may come from a set the
/// analyzer cannot see. Severities are asserted explicitly: markup alone does not check them.
/// </summary>
public class UnboundedSharedCacheConfidenceTests
{
    private static DiagnosticResult Warning() => Verify.Diagnostic(DiagnosticDescriptors.UnboundedSharedCache).WithSeverity(DiagnosticSeverity.Warning).WithLocation(0);

    private static DiagnosticResult Suggestion() => Verify.Diagnostic(DiagnosticDescriptors.UnboundedSharedCacheUnproven).WithSeverity(DiagnosticSeverity.Info).WithLocation(0);

    [Theory]
    [InlineData("Guid", "id", "id")]
    [InlineData("Guid", "id", "id.ToString(\"N\")", "string")]
    [InlineData("Guid", "id", "$\"order:{id}\"", "string")]
    [InlineData("DateTime", "day", "day.Date")]
    [InlineData("DateTimeOffset", "at", "(tenant, at)", "(string, DateTimeOffset)")]
    [InlineData("DateTime?", "day", "day ?? DateTime.MinValue", "DateTime")]
    [InlineData("Guid", "id", "string.Concat(tenant, \"/\", id.ToString())", "string")]
    [InlineData("Guid", "id", "new OrderKey(tenant, id)", "OrderKey")]
    public Task KeyWithAnIdentifierOrAnInstant_IsAWarning(string parameterType, string parameter, string key, string? keyType = null)
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                $$"""
                using System;
                using System.Collections.Concurrent;
                public readonly record struct OrderKey(string Tenant, Guid Id);
                public static class Orders
                {
                    private static readonly ConcurrentDictionary<{{keyType ?? parameterType}}, string> {|#0:s_cache = new()|};
                    public static string Describe(string tenant, {{parameterType}} {{parameter}}) => s_cache.GetOrAdd({{key}}, k => k.ToString() + tenant.Length);
                }
                """,
            },
            ExpectedDiagnostics = { Warning() },
        }.RunAsync();

    [Fact]
    public Task IdentifierReachesTheKeyThroughLocals_IsAWarning()
        => Verify.VerifyAsync(
            """
            using System;
            using System.Collections.Generic;
            public static class Sessions
            {
                private static readonly Dictionary<string, int> {|#0:s_cache = new()|};
                public static int Open(string user)
                {
                    var session = Guid.NewGuid();
                    var key = user + ":" + session;
                    if (!s_cache.TryGetValue(key, out var value))
                    {
                        value = key.Length;
                        s_cache[key] = value;
                    }

                    return value;
                }
            }
            """,
            Warning());

    [Fact]
    public Task FreshArrayKey_WithoutComparer_IsAWarning()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            public static class Routes
            {
                private static readonly ConcurrentDictionary<int[], string> {|#0:s_routes = new()|};
                public static string Route(int from, int to) => s_routes.GetOrAdd(new[] { from, to }, k => string.Join("-", k));
            }
            """,
            Warning());

    [Fact]
    public Task FreshIdentityClassKey_WithoutComparer_IsAWarning()
        => Verify.VerifyAsync(
            """
            using System.Collections.Generic;
            public sealed class Leg
            {
                public Leg(int from, int to) { From = from; To = to; }
                public int From { get; }
                public int To { get; }
            }

            public static class Durations
            {
                private static readonly Dictionary<Leg, int> {|#0:s_durations = new Dictionary<Leg, int>()|};
                public static int Duration(int from, int to)
                {
                    var leg = new Leg(from, to);
                    if (!s_durations.TryGetValue(leg, out var minutes))
                    {
                        minutes = (to - from) * 3;
                        s_durations.Add(leg, minutes);
                    }

                    return minutes;
                }
            }
            """,
            Warning());

    [Fact]
    public Task FreshArrayKey_InACacheCreatedWithAComparer_IsASuggestion()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Linq;
            sealed class Sequence : IEqualityComparer<int[]>
            {
                public bool Equals(int[]? x, int[]? y) => x is not null && y is not null && x.SequenceEqual(y);
                public int GetHashCode(int[] obj) => obj.Length;
            }

            public static class Routes
            {
                private static readonly ConcurrentDictionary<int[], string> {|#0:s_routes = new(new Sequence())|};
                public static string Route(int from, int to) => s_routes.GetOrAdd(new[] { from, to }, k => string.Join("-", k));
            }
            """,
            Suggestion());

    [Fact]
    public Task FreshRecordKey_ComparesByValue_IsASuggestion()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            public sealed record Leg(int From, int To);
            public static class Durations
            {
                private static readonly ConcurrentDictionary<Leg, int> {|#0:s_durations = new()|};
                public static int Duration(int from, int to) => s_durations.GetOrAdd(new Leg(from, to), l => (l.To - l.From) * 3);
            }
            """,
            Suggestion());

    [Theory]
    [InlineData("string", "name", "name")]
    [InlineData("int", "id", "id")]
    [InlineData("long", "hash", "HashCode.Combine(hash, 17)", "int")]
    [InlineData("string", "name", "(name, name.Length)", "(string, int)")]
    [InlineData("DateTime", "day", "day.Month", "int")]
    [InlineData("DateTime", "day", "(day.DayOfYear, day.Hour)", "(int, int)")]
    [InlineData("Guid", "id", "id.GetHashCode()", "int")]
    public Task KeyOfUnknownExtent_IsASuggestion(string parameterType, string parameter, string key, string? keyType = null)
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                $$"""
                using System;
                using System.Collections.Concurrent;
                public static class Lookups
                {
                    private static readonly ConcurrentDictionary<{{keyType ?? parameterType}}, string> {|#0:s_cache = new()|};
                    public static string Describe({{parameterType}} {{parameter}}) => s_cache.GetOrAdd({{key}}, k => k.ToString()!);
                }
                """,
            },
            ExpectedDiagnostics = { Suggestion() },
        }.RunAsync();

    [Fact]
    public Task GuidFromReflection_IsBounded_NotReported()
        => Verify.VerifyAsync(
            """
            using System;
            using System.Collections.Concurrent;
            public static class Interfaces
            {
                private static readonly ConcurrentDictionary<Guid, string> s_names = new();
                public static string Name(Type type) => s_names.GetOrAdd(type.GUID, _ => type.FullName ?? type.Name);
            }
            """);

    [Fact]
    public Task OneEvidentWriteAmongOthers_IsAWarning_AndPointsAtIt()
        => Verify.VerifyAsync(
            """
            using System;
            using System.Collections.Concurrent;
            public static class Labels
            {
                private static readonly ConcurrentDictionary<string, string> {|#0:s_labels = new()|};
                public static string ForName(string name) => s_labels.GetOrAdd(name, n => n.ToUpperInvariant());
                public static string ForOrder(Guid order) => {|#1:s_labels.GetOrAdd(order.ToString(), n => n.ToUpperInvariant())|};
            }
            """,
            Warning().WithLocation(1).WithArguments("s_labels", "string", "ForOrder(Guid)"));

    [Theory]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    [InlineData("error", DiagnosticSeverity.Error)]
    public Task ExplicitSeverityInEditorConfig_AppliesToSuggestionsToo(string configured, DiagnosticSeverity expected)
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                """
                using System.Collections.Concurrent;
                public static class Lookups
                {
                    private static readonly ConcurrentDictionary<string, int> {|#0:s_cache = new()|};
                    public static int Length(string name) => s_cache.GetOrAdd(name, n => n.Length);
                }
                """,
            },
            EditorConfig = $"dotnet_diagnostic.SC0003.severity = {configured}",
            ExpectedDiagnostics = { Suggestion().WithSeverity(expected) },
        }.RunAsync();

    [Fact]
    public Task SeverityNone_SilencesEvidentGrowthToo()
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                """
                using System;
                using System.Collections.Concurrent;
                public static class Orders
                {
                    private static readonly ConcurrentDictionary<Guid, int> s_cache = new();
                    public static int Size(Guid id) => s_cache.GetOrAdd(id, i => i.ToString().Length);
                }
                """,
            },
            EditorConfig = "dotnet_diagnostic.SC0003.severity = none",
        }.RunAsync();

    // Minimal ASP.NET Core shapes (the analyzer resolves them by metadata name; tests do not reference ASP.NET Core).
    private const string AspNetCore = """
        namespace Microsoft.AspNetCore.Http
        {
            using Microsoft.Extensions.Primitives;
            public interface IHeaderDictionary { StringValues this[string key] { get; } StringValues UserAgent { get; } }
            public interface IRequestCookieCollection { string? this[string key] { get; } }
            public readonly struct PathString { public string? Value => null; }
            public abstract class HttpRequest
            {
                public abstract IHeaderDictionary Headers { get; }
                public abstract IRequestCookieCollection Cookies { get; }
                public abstract PathString Path { get; }
                public abstract string Method { get; }
            }
        }
        namespace Microsoft.AspNetCore.Mvc
        {
            public abstract class ControllerBase
            {
                public Microsoft.AspNetCore.Http.HttpRequest Request => null!;
                public System.Security.Claims.ClaimsPrincipal User => null!;
            }
            [System.AttributeUsage(System.AttributeTargets.Parameter)] public sealed class FromQueryAttribute : System.Attribute { }
        }
        """;

    private const string Classifier = """
        using System;
        using System.Collections.Concurrent;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        public static class Clients
        {
            private static readonly ConcurrentDictionary<string, int> {|#0:s_kinds = new()|};
            public static int Classify(string userAgent) => s_kinds.GetOrAdd(userAgent, ua => ua.Length);
        }

        """;

    [Theory]
    [InlineData("public int Kind() => Clients.Classify(Request.Headers.UserAgent.ToString());")]
    [InlineData("public int Kind() => Clients.Classify(Request.Headers[\"User-Agent\"]!);")]
    [InlineData("public int Kind() { var agent = Request.Headers[\"User-Agent\"].ToString().Trim(); return Clients.Classify(agent); }")]
    [InlineData("public int Kind() => Clients.Classify(Request.Cookies[\"client\"] ?? \"none\");")]
    [InlineData("public int Kind() => Clients.Classify(Request.Path.Value ?? \"/\") + Clients.Classify(\"x\");")]
    [InlineData("public int Kind(string agent) => Clients.Classify(agent);")]
    [InlineData("public int Kind([FromQuery] int page, string agent) => Forward(agent); private static int Forward(string value) => Clients.Classify(value);")]
    [InlineData("public int Kind() => Clients.Classify(Console.ReadLine() ?? \"\");")]
    [InlineData("public int Kind(long orderId) => Clients.Classify(\"order:\" + orderId);")]
    [InlineData("public int Kind() => Clients.Classify(User.Identity?.Name ?? \"anonymous\");")]
    public Task KeyFedByExternalInput_IsAWarning(string controllerMembers) => ClassifyFromAController(controllerMembers, Warning());

    [Theory]
    [InlineData("public int Kind() => Clients.Classify(Request.Method);")]
    [InlineData("internal int Kind(string agent) => Clients.Classify(agent);")]
    [InlineData("public int Kind(Func<string> read) => Clients.Classify(read());")]
    public Task KeyFromBoundedOrUnknownData_StaysASuggestion(string controllerMembers) => ClassifyFromAController(controllerMembers, Suggestion());

    private static Task ClassifyFromAController(string controllerMembers, DiagnosticResult expected)
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources = { AspNetCore, Classifier + "public sealed class ClientsController : ControllerBase { " + controllerMembers + " }" },
            ExpectedDiagnostics = { expected },
        }.RunAsync();

    [Fact]
    public Task KeyReadFromRequestInTheWritingMember_IsAWarning()
        => new AnalyzerTest<UnboundedSharedCacheAnalyzer>
        {
            Sources =
            {
                AspNetCore,
                """
                using System.Collections.Generic;
                using Microsoft.AspNetCore.Http;
                public static class Greetings
                {
                    private static readonly Dictionary<string, string> {|#0:s_byPath = new()|};
                    public static string For(HttpRequest request)
                    {
                        var path = request.Path.Value ?? "/";
                        if (!s_byPath.TryGetValue(path, out var text))
                        {
                            text = "Hello " + path;
                            s_byPath[path] = text;
                        }

                        return text;
                    }
                }
                """,
            },
            ExpectedDiagnostics = { Warning() },
        }.RunAsync();

    [Theory]
    [InlineData("private static readonly HttpClient s_http = new(); public static Task<string> Page(string url) => s_cache.GetOrAdd(url, u => s_http.GetStringAsync(u));", "Task<string>")]
    [InlineData("public static string Text(string path) => s_cache.GetOrAdd(path, p => File.ReadAllText(p));", "string")]
    [InlineData("""
        public static string Name(DbConnection connection, string id)
        {
            if (!s_cache.TryGetValue(id, out var name))
            {
                using var command = connection.CreateCommand();
                command.CommandText = "select name from users where id = @id";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@id";
                parameter.Value = id;
                command.Parameters.Add(parameter);
                name = (string)command.ExecuteScalar()!;
                s_cache[id] = name;
            }

            return name;
        }
        """, "string")]
    [InlineData("""
        public static string Name(DbConnection connection, string id) => s_cache.GetOrAdd(id, key =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "select name from users where id = '" + key + "'";
            return (string)command.ExecuteScalar()!;
        });
        """, "string")]
    public Task ValueFetchedFromADatabaseTheNetworkOrAFile_IsAWarning(string members, string valueType)
        => Verify.VerifyAsync(
            $$"""
            using System.Collections.Concurrent;
            using System.Data.Common;
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            public static class Remote
            {
                private static readonly ConcurrentDictionary<string, {{valueType}}> {|#0:s_cache = new()|};
                {{members}}
            }
            """,
            Warning());

    [Fact]
    public Task ValueComputedInMemory_StaysASuggestion()
        => Verify.VerifyAsync(
            """
            using System.Collections.Concurrent;
            public static class Slugs
            {
                private static readonly ConcurrentDictionary<string, string> {|#0:s_cache = new()|};
                public static string Slug(string title) => s_cache.GetOrAdd(title, t => t.ToLowerInvariant().Replace(' ', '-'));
            }
            """,
            Suggestion());
}
