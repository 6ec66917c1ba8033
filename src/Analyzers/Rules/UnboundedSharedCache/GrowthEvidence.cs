using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.UnboundedSharedCache;

/// <summary>
/// What a memo write shows, beyond "nothing removes entries", that the cache really grows. Without such evidence the
/// keys may still come from a set the program fixes in ways the analyzer cannot see (names read from configuration,
/// hash codes of the program's shapes, a public API only the library itself calls): on open-source libraries most of
/// those findings were wrong, so they are reported as suggestions, and only evident growth is a warning.
/// </summary>
internal enum GrowthEvidence
{
    /// <summary>The key is runtime data of unknown extent.</summary>
    None,

    /// <summary>
    /// The key is created at the write and compared by reference (<c>new[] { a, b }</c>, a class without equality):
    /// no later lookup finds it, so every call adds an entry.
    /// </summary>
    FreshIdentityKey,

    /// <summary>The key is or contains an identifier or an instant (<c>Guid</c>, <c>DateTime</c>, <c>DateTimeOffset</c>): no program enumerates those.</summary>
    IdentifierOrInstant,

    /// <summary>
    /// The key is or contains input from outside the program (<see cref="ExternalInputs"/>): a request header, query or
    /// path value, a parameter bound from the request, a line read from the console or a file.
    /// </summary>
    ExternalInput,

    /// <summary>
    /// The member that fills the cache fetches the value from a database, the network or a file
    /// (<see cref="ExternalInputs.FetchesExternalData"/>): the keys index external data, which grows on its own.
    /// </summary>
    FetchedValue,
}

/// <summary>Finds <see cref="GrowthEvidence"/> in a written key.</summary>
internal sealed class GrowthEvidenceFinder
{
    private readonly TypeClassifier _types;
    private readonly ExternalInputs _externalInputs;
    private readonly System.Func<IOperation, bool> _isIdentifierOrInstant;

    public GrowthEvidenceFinder(TypeClassifier types, ExternalInputs externalInputs)
    {
        _types = types;
        _externalInputs = externalInputs;
        _isIdentifierOrInstant = value => types.IsIdentifierOrInstant(value.Type);
    }

    /// <summary>
    /// <c>orderId</c>, <c>(tenant, day)</c>, <c>$"report:{date:yyyy-MM-dd}"</c>, <c>id.ToString("N")</c>,
    /// <c>new OrderKey(id, tenant)</c>: the key, or a part it carries whole (<see cref="CarriedParts"/>), has an
    /// identifier or instant type, or is external input (<c>Request.Headers.UserAgent.ToString()</c>).
    /// </summary>
    public GrowthEvidence Find(CacheAccess write)
    {
        var key = write.Key!;
        if (_types.TryGetFreshIdentityKey(key, out _, out _))
        {
            return GrowthEvidence.FreshIdentityKey;
        }

        if (CarriedParts.Any(key, _isIdentifierOrInstant))
        {
            return GrowthEvidence.IdentifierOrInstant;
        }

        if (_externalInputs.Carries(key))
        {
            return GrowthEvidence.ExternalInput;
        }

        // The factory's body, or the whole member for a lookup-then-store.
        foreach (var factory in write.Factories)
        {
            if (_externalInputs.FetchesExternalData(factory))
            {
                return GrowthEvidence.FetchedValue;
            }
        }

        return _externalInputs.FetchesExternalData(write.Operation.GetRoot()) ? GrowthEvidence.FetchedValue : GrowthEvidence.None;
    }
}
