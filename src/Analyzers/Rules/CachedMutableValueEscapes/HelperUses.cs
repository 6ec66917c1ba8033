using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.CachedMutableValueEscapes;

/// <summary>
/// What the callers of one type's private helpers (and local functions) do with their results, judged by
/// <see cref="UseJudge"/> when a finding asks, at the end of the type. A helper whose result another private helper
/// returns is judged by that helper's callers. A recursive call inside the helper itself, or a delegate to the helper,
/// counts as "may change it", and a helper nobody calls is not excused.
/// </summary>
internal sealed class HelperUses
{
    private readonly Dictionary<ISymbol, List<(IOperation? Site, ISymbol Caller)>> _uses = new(SymbolKeyComparer.Instance);
    private readonly Dictionary<ISymbol, UseVerdict> _verdicts = new(SymbolKeyComparer.Instance);
    private readonly UseJudge _judge;

    public HelperUses(IEnumerable<(ISymbol Member, IOperation? Site, ISymbol Caller)> uses, TypeClassifier classifier, AssemblyHelperUses flows)
    {
        _judge = new UseJudge(classifier, flows, member => _uses.ContainsKey(member.OriginalDefinition) ? VerdictOf(member) : null);
        foreach (var (member, site, caller) in uses)
        {
            if (!_uses.TryGetValue(member, out var list))
            {
                _uses[member] = list = new List<(IOperation?, ISymbol)>();
            }

            list.Add((site, caller));
        }
    }

    /// <summary>What the helper's callers do with its result; <see cref="UseVerdict.Changes"/> when nobody calls it.</summary>
    public UseVerdict VerdictOf(ISymbol member)
    {
        member = member.OriginalDefinition;
        if (_verdicts.TryGetValue(member, out var known))
        {
            return known;
        }

        if (!_uses.TryGetValue(member, out var sites) || sites.Count == 0)
        {
            return UseVerdict.Changes;
        }

        _verdicts[member] = UseVerdict.Changes; // returned through itself (recursion): as before, not a reading caller
        var verdict = UseVerdict.Reads;
        foreach (var (site, caller) in sites)
        {
            verdict = site is null || IsInsideOwnBody(site, member) ? UseVerdict.Changes : verdict.And(_judge.Judge(site, caller));
            if (verdict.MayChange)
            {
                break;
            }
        }

        _verdicts[member] = verdict;
        return verdict;
    }

    /// <summary>A recursive call inside the helper itself passes the value on: not a reading caller.</summary>
    private static bool IsInsideOwnBody(IOperation site, ISymbol member)
    {
        for (var current = site.Parent; current is not null; current = current.Parent)
        {
            if (current is ILocalFunctionOperation local && SymbolEqualityComparer.Default.Equals(local.Symbol.OriginalDefinition, member))
            {
                return true;
            }
        }

        return false;
    }
}
