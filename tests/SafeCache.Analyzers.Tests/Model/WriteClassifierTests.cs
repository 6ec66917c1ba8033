using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Tests.Model;

/// <summary>Memo writes store a value computed from the key, also when the key reaches it through an object it configures.</summary>
public sealed class WriteClassifierTests
{
    private const string Source = """
        using System.Collections.Concurrent;
        using System.Data.Common;

        static class Probe
        {
            private static readonly ConcurrentDictionary<string, object?> s_cache = new();

            public static object? ByCommandText(DbConnection connection, string id) => s_cache.GetOrAdd(id, key =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "select name from users where id = '" + key + "'";
                return command.ExecuteScalar();
            });

            public static object? ByParameter(DbConnection connection, string id) => s_cache.GetOrAdd(id, key =>
            {
                using var command = connection.CreateCommand();
                var parameter = command.CreateParameter();
                parameter.Value = key;
                command.Parameters.Add(parameter);
                return command.ExecuteScalar();
            });

            public static object? Unrelated(DbConnection connection, string id) => s_cache.GetOrAdd(id, _ =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "select count(*) from users";
                return command.ExecuteScalar();
            });

            public static object? BuiltFromTheKeysCharacters(string title) => s_cache.GetOrAdd(title, key =>
            {
                var slug = new System.Text.StringBuilder();
                foreach (var c in key.ToLowerInvariant())
                {
                    slug.Append(char.IsLetterOrDigit(c) ? c : '-');
                }
                return slug.ToString();
            });

            public static object? BuiltFromOtherItems(string title, string[] defaults) => s_cache.GetOrAdd(title, _ =>
            {
                var joined = new System.Text.StringBuilder();
                foreach (var item in defaults)
                {
                    joined.Append(item);
                }
                return joined.ToString();
            });
        }
        """;

    [Theory]
    [InlineData("ByCommandText", true)]   // the key goes into the command's text
    [InlineData("ByParameter", true)]     // through a parameter object added to the command
    [InlineData("Unrelated", false)]      // the command never sees the key: not a memo
    [InlineData("BuiltFromTheKeysCharacters", true)] // appended the elements of a loop over the key
    [InlineData("BuiltFromOtherItems", false)]       // the loop runs over something else
    public void A_local_configured_with_the_key_makes_its_product_a_function_of_the_key(string member, bool isMemo)
    {
        var harness = ModelHarness.Create(Source);
        Assert.Equal(isMemo, harness.Model.ClassifyWrite(harness.SingleAccess(member, CacheAccessKind.GetOrAdd)) == WriteIntent.Memo);
    }
}
