using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.SharedCacheIgnoresInstanceState;

/// <summary>
/// A member of <c>this</c> that a cached value or key uses, without the operation it was found in: a candidate is judged
/// at its type's end, and keeping the operation would keep the member's whole operation tree alive until then.
/// </summary>
internal readonly struct StateUse
{
    public StateUse(ISymbol member, bool runsExactBody)
    {
        Member = member;
        RunsExactBody = runsExactBody;
    }

    /// <summary>The member, normalized (<see cref="TypeStateFacts.Normalize"/>).</summary>
    public ISymbol Member { get; }

    /// <summary>
    /// True when the use runs exactly this member's body though it is virtual: <c>base.Describe(x)</c> does not
    /// dispatch to an override.
    /// </summary>
    public bool RunsExactBody { get; }

    public static ImmutableArray<StateUse> Of(ImmutableArray<InstanceMemberUse> uses)
    {
        var builder = ImmutableArray.CreateBuilder<StateUse>(uses.Length);
        foreach (var use in uses)
        {
            var member = TypeStateFacts.Normalize(use.Member);
            var nonVirtual = use.Site is IInvocationOperation { IsVirtual: false } or IMethodReferenceOperation { IsVirtual: false }
                && (member.IsVirtual || member.IsOverride);
            builder.Add(new StateUse(member, nonVirtual));
        }

        return builder.MoveToImmutable();
    }
}
