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

            private static void Use(object? a, object? b, object? c, object? d, object? e) { }
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
}
