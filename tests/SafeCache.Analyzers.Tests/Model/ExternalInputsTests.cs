using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Tests.Model;

public sealed class ExternalInputsTests
{
    private const string Source = """
        using System;
        using System.IO;
        using Microsoft.Extensions.Primitives;

        namespace Microsoft.AspNetCore.Http
        {
            public interface IHeaderDictionary { StringValues this[string key] { get; } }
            public readonly struct PathString { public string? Value => null; }
            public abstract class HttpRequest
            {
                public abstract IHeaderDictionary Headers { get; }
                public abstract PathString Path { get; }
                public abstract string Method { get; }
            }
        }

        namespace Microsoft.AspNetCore.Mvc
        {
            [AttributeUsage(AttributeTargets.Parameter)] public sealed class FromRouteAttribute : Attribute { }
            public abstract class ControllerBase { }
        }

        namespace Microsoft.AspNetCore.Builder
        {
            public static class EndpointRouteBuilderExtensions
            {
                public static object MapGet(this object app, string pattern, Delegate handler) => handler;
            }
        }

        class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            public void Get(int id, bool verbose, string name) => Probe.Use(id, verbose, name, null, null);
        }

        static class Endpoints
        {
            public static void Map(object app, Func<string, string> other)
            {
                Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(app, "/users/{name}", (string name, bool flag) => Probe.Use(name, flag, null, null, null));
                other("x");
            }
        }

        class Probe
        {
            public void Keys(Microsoft.AspNetCore.Http.HttpRequest request, [Microsoft.AspNetCore.Mvc.FromRoute] string slug, string plain, TextReader reader, DateTime day)
            {
                var agent = request.Headers["User-Agent"].ToString();
                var trimmed = agent.Trim().ToLowerInvariant();
                Use((plain, trimmed), $"page:{request.Path.Value}", slug, reader.ReadLine(), File.ReadAllText(plain));
                Use(request.Method, plain, plain.Length, day, Environment.MachineName);
            }

            public void Who(System.Security.Claims.ClaimsPrincipal user, System.Security.Claims.Claim claim)
                => Use(user.Identity!.Name, claim.Value, user.Identity!.IsAuthenticated, null, null);

            public static void Use(object? a, object? b, object? c, object? d, object? e) { }
        }
        """;

    [Theory]
    [InlineData("(plain, trimmed)", true)]                     // a tuple carrying a header value through two locals and calls
    [InlineData("$\"page:{request.Path.Value}\"", true)]       // the text of the request path in an interpolation
    [InlineData("slug", true)]                                 // bound from the route
    [InlineData("reader.ReadLine()", true)]                    // a line of input
    [InlineData("File.ReadAllText(plain)", true)]              // a file's content
    [InlineData("request.Method", false)]                      // GET, POST, …: a small set
    [InlineData("plain", false)]                               // a parameter of unknown origin
    [InlineData("plain.Length", false)]                        // a number read from input is not carried whole
    [InlineData("day", false)]                                 // an instant, not input (GrowthEvidence's other case)
    [InlineData("Environment.MachineName", false)]
    public void Carries_is_input_from_outside_the_program_in_the_key_or_a_part_it_carries_whole(string argument, bool expected)
    {
        var harness = ModelHarness.Create(Source);
        Assert.Equal(expected, harness.Model.ExternalInputs.Carries(harness.Expression("Keys", argument)));
    }

    [Theory]
    [InlineData("Get", "id", true)]                    // an integer a controller action binds: an id
    [InlineData("Get", "name", true)]
    [InlineData("Get", "verbose", false)]              // a flag: two values
    [InlineData("Map", "name", true)]                  // a minimal-API handler's parameter
    [InlineData("Map", "flag", false)]
    [InlineData("Who", "user.Identity!.Name", true)]   // who the request is from
    [InlineData("Who", "claim.Value", true)]
    [InlineData("Who", "user.Identity!.IsAuthenticated", false)]
    public void Carries_request_bound_parameters_and_the_users_identity(string member, string argument, bool expected)
    {
        var harness = ModelHarness.Create(Source);
        Assert.Equal(expected, harness.Model.ExternalInputs.Carries(harness.Expression(member, argument)));
    }
}
