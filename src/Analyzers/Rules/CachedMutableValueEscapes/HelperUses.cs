using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.CachedMutableValueEscapes;

/// <summary>
/// Decides, conservatively, whether every caller of a private helper only reads what it returns: iterates it
/// (<c>foreach</c>), reads a property of an immutable or value type (<c>Count</c>, <c>Length</c>, an element), compares it,
/// or passes it where only a read-only view is taken (<c>IEnumerable&lt;T&gt;</c>, so LINQ and <c>string.Join</c>), directly
/// or through a local used only those ways. Instance method calls (<c>Contains</c> as much as <c>Add</c>), returning it,
/// storing it, or a delegate to the helper count as "may change it". A helper nobody calls is not excused.
/// </summary>
internal sealed class HelperUses
{
    private readonly Dictionary<ISymbol, List<IOperation?>> _uses = new(SymbolKeyComparer.Instance);
    private readonly TypeClassifier _classifier;

    public HelperUses(IEnumerable<(ISymbol Member, IOperation? Site)> uses, TypeClassifier classifier)
    {
        _classifier = classifier;
        foreach (var (member, site) in uses)
        {
            if (!_uses.TryGetValue(member, out var list))
            {
                _uses[member] = list = new List<IOperation?>();
            }

            list.Add(site);
        }
    }

    public bool OnlyReadByCallers(ISymbol member)
    {
        if (!_uses.TryGetValue(member, out var sites) || sites.Count == 0)
        {
            return false;
        }

        foreach (var site in sites)
        {
            if (site is null || IsInsideOwnBody(site, member) || !IsReadOnlyUse(site, _classifier))
            {
                return false;
            }
        }

        return true;
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

    /// <summary>The caller only reads the value at <paramref name="site"/> (a call or property read of the helper).</summary>
    public static bool IsReadOnlyUse(IOperation site, TypeClassifier classifier) => IsReadOnlyUse(site, classifier, followLocal: true);

    private static bool IsReadOnlyUse(IOperation value, TypeClassifier classifier, bool followLocal)
    {
        var current = value;
        while (current.Parent is IConversionOperation { IsImplicit: true } conversion)
        {
            current = conversion;
        }

        switch (current.Parent)
        {
            case IForEachLoopOperation loop when loop.Collection == current:
                return true;
            case IArgumentOperation { Parameter: { RefKind: RefKind.None } parameter }:
                return classifier.IsReadOnlyView(parameter.Type) || classifier.IsImmutable(parameter.Type);
            case IPropertyReferenceOperation property when property.Instance == current:
                return !IsWriteTarget(property) && ReadsOnlyAValue(property.Type, classifier);
            case IArrayElementReferenceOperation element when element.ArrayReference == current:
                return !IsWriteTarget(element) && ReadsOnlyAValue(element.Type, classifier);
            case IBinaryOperation or IIsPatternOperation or IIsTypeOperation:
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when followLocal:
                return LocalOnlyRead(declarator.Symbol, declarator.GetRoot(), classifier);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when followLocal && assignment.Value == current:
                return LocalOnlyRead(target.Local, assignment.GetRoot(), classifier);
            default:
                return false;
        }
    }

    private static bool LocalOnlyRead(ILocalSymbol local, IOperation root, TypeClassifier classifier)
    {
        var any = false;
        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && !(reference.Parent is ISimpleAssignmentOperation assigned && assigned.Target == reference))
            {
                if (!IsReadOnlyUse(reference, classifier, followLocal: false))
                {
                    return false;
                }

                any = true;
            }
        }

        return any;
    }

    /// <summary>A count, a flag, a string: nothing that leads back into the cached object.</summary>
    private static bool ReadsOnlyAValue(ITypeSymbol? type, TypeClassifier classifier)
        => type is not null && (classifier.IsImmutable(type) || type.IsValueType && !classifier.IsMutableCollection(type));

    private static bool IsWriteTarget(IOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
        _ => false,
    };
}
