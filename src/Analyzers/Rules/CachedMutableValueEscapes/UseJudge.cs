using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.CachedMutableValueEscapes;

/// <summary>
/// Decides, conservatively, what one use does to a value (a helper's result, a parameter, a stored field). It only
/// reads when it iterates it (<c>foreach</c>), reads a property of an immutable or value type (<c>Count</c>,
/// <c>Length</c>, an element) or one it only compares or tests (<c>list[i] != null</c>), calls a member of a
/// read-only interface it implements that returns a value (<c>TryGetValue</c>, <c>ContainsKey</c>), compares it, or passes it where only a read-only view is taken
/// (<c>IEnumerable&lt;T&gt;</c>, so LINQ and <c>string.Join</c>), directly, through <c>??</c> or <c>?:</c>, or through a
/// local (or a local or by-value parameter that local is assigned to) used only those ways. Passing it to a parameter of a method of this compilation, storing it in a field or
/// auto-property only this assembly sees, or returning it from a helper is read-only if those only read it
/// (a <see cref="UseVerdict"/> dependency). Other instance calls, other stores, and anything else may change it.
/// </summary>
internal sealed class UseJudge
{
    private readonly TypeClassifier _classifier;
    private readonly AssemblyHelperUses _flows;
    private readonly Func<ISymbol, UseVerdict?>? _privateHelper;

    /// <summary>
    /// <paramref name="privateHelper"/> gives the verdict of a private helper of the type being judged, when a value is
    /// returned through it; null where only compilation-wide facts are known.
    /// </summary>
    public UseJudge(TypeClassifier classifier, AssemblyHelperUses flows, Func<ISymbol, UseVerdict?>? privateHelper = null)
    {
        _classifier = classifier;
        _flows = flows;
        _privateHelper = privateHelper;
    }

    /// <summary>What the use of the value at <paramref name="site"/> (in <paramref name="containing"/>) does to it.</summary>
    public UseVerdict Judge(IOperation site, ISymbol containing) => Judge(site, containing, localHops: MaxLocalHops);

    // A value is followed through at most this many locals or parameters it is assigned to ('var map = …; names = map;').
    private const int MaxLocalHops = 2;

    private UseVerdict Judge(IOperation value, ISymbol containing, int localHops)
    {
        var current = Outermost(value);
        switch (current.Parent)
        {
            case IForEachLoopOperation loop when loop.Collection == current:
                return UseVerdict.Reads;
            case IArgumentOperation { Parameter: { RefKind: RefKind.None } parameter }:
                return _classifier.IsReadOnlyView(parameter.Type) || _classifier.IsImmutable(parameter.Type) ? UseVerdict.Reads : _flows.ParameterUse(parameter);
            case IPropertyReferenceOperation property when property.Instance == current:
                // 'list[i] != null', 'map.Comparer is null': a property or element that is only compared or tested is read.
                return Verdict(!IsWriteTarget(property) && (ReadsOnlyAValue(property.Type) || IsComparedOrTested(property)));
            case IArrayElementReferenceOperation element when element.ArrayReference == current:
                // 'parameters[i] != null': an element that is itself only compared or tested is read.
                return Verdict(!IsWriteTarget(element) && (ReadsOnlyAValue(element.Type) || IsComparedOrTested(element)));
            case IInvocationOperation call when call.Instance == current:
                return Verdict(ReadsOnlyAValue(call.Type) && _classifier.ImplementsReadOnlyViewMember(call.TargetMethod));
            case IBinaryOperation or IIsPatternOperation or IIsTypeOperation:
                return UseVerdict.Reads;
            case IConversionOperation { IsImplicit: false, OperatorMethod: null } cast when cast.Operand == current && (cast.Conversion.IsReference || cast.Conversion.IsIdentity):
                // '(IEnumerable<T>)items': the same object under another type; what is done with it decides.
                return Judge(cast, containing, localHops);
            case ICoalesceOperation coalesce when coalesce.Value == current || coalesce.WhenNull == current:
                return Judge(coalesce, containing, localHops);
            case IConditionalOperation { IsRef: false } conditional when conditional.WhenTrue == current || conditional.WhenFalse == current:
                return Judge(conditional, containing, localHops);
            case IConditionalAccessOperation access when access.Operation == current && ConditionalInstance(access) is { } instance:
                return Judge(instance, containing, localHops); // value?.Count: what is done to the value after '?.'
            case IReturnOperation { Kind: OperationKind.Return } ret:
                return Returned(ret, containing);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when localHops > 0:
                return LocalUses(declarator.Symbol, declarator.GetRoot(), assignedValue: null, containing, localHops - 1);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == current:
                return localHops > 0 ? LocalUses(target.Local, assignment.GetRoot(), assignment.Value, containing, localHops - 1) : UseVerdict.Changes;
            case ISimpleAssignmentOperation { Target: IParameterReferenceOperation { Parameter.RefKind: RefKind.None } target } assignment when assignment.Value == current:
                // 'accessors = map;' into a by-value parameter: a local of this member from here on.
                return localHops > 0 ? LocalUses(target.Parameter, assignment.GetRoot(), assignment.Value, containing, localHops - 1) : UseVerdict.Changes;
            case ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment when assignment.Value == current:
                return _flows.StorageUse(target.Member);
            case IFieldInitializerOperation { InitializedFields.Length: 1 } initializer:
                return _flows.StorageUse(initializer.InitializedFields[0]);
            case IPropertyInitializerOperation { InitializedProperties.Length: 1 } initializer:
                return _flows.StorageUse(initializer.InitializedProperties[0]);
            default:
                return UseVerdict.Changes;
        }
    }

    /// <summary>Returned by its member: read-only when the member's type only lets callers read, or when its callers only read.</summary>
    private UseVerdict Returned(IReturnOperation ret, ISymbol containing)
    {
        ISymbol member;
        switch (ret.GetEnclosingFunction())
        {
            case ILocalFunctionOperation local:
                member = local.Symbol;
                break;
            case null:
                member = containing is IMethodSymbol { AssociatedSymbol: IPropertySymbol property } ? property : containing;
                break;
            default:
                return UseVerdict.Changes; // a lambda: its callers are unknown
        }

        var returnType = member.ValueType();
        if (_classifier.IsReadOnlyView(returnType) || _classifier.IsImmutable(returnType))
        {
            return UseVerdict.Reads;
        }

        return _privateHelper?.Invoke(member) ?? _flows.ReturnedUse(member);
    }

    /// <summary>
    /// Every use of a local, or of a by-value parameter the value was assigned to, in the member. A use inside the
    /// assigned value itself (<c>cvt = Helper(cvt) ?? cvt;</c>) runs before the assignment and sees the local's earlier
    /// value, unless a loop runs the assignment again.
    /// </summary>
    private UseVerdict LocalUses(ISymbol local, IOperation root, IOperation? assignedValue, ISymbol containing, int localHops)
    {
        var verdict = UseVerdict.Reads;
        var any = false;
        var earlier = assignedValue is not null && !IsInLoop(assignedValue) ? assignedValue.Syntax.Span : default;
        foreach (var operation in root.Descendants())
        {
            if (!earlier.IsEmpty && earlier.Contains(operation.Syntax.Span))
            {
                continue;
            }

            var referenced = operation switch
            {
                ILocalReferenceOperation reference => reference.Local,
                IParameterReferenceOperation reference => (ISymbol)reference.Parameter,
                _ => null,
            };
            if (referenced is not null && SymbolEqualityComparer.Default.Equals(referenced, local)
                && !(operation.Parent is ISimpleAssignmentOperation assigned && assigned.Target == operation))
            {
                var reference = operation;
                verdict = verdict.And(Judge(reference, containing, localHops));
                if (verdict.MayChange)
                {
                    return verdict;
                }

                any = true;
            }
        }

        return any ? verdict : UseVerdict.Changes;
    }

    private static bool IsInLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The placeholder for the value inside <c>value?.…</c> (the first one: nested accesses come after it).</summary>
    private static IOperation? ConditionalInstance(IConditionalAccessOperation access)
    {
        foreach (var operation in access.WhenNotNull.DescendantsAndSelf())
        {
            if (operation is IConditionalAccessInstanceOperation instance)
            {
                return instance;
            }
        }

        return null;
    }

    private static bool IsComparedOrTested(IOperation value)
        => Outermost(value).Parent is IBinaryOperation or IIsPatternOperation or IIsTypeOperation;

    /// <summary>The value with the implicit conversions and parentheses around it: what its parent receives.</summary>
    private static IOperation Outermost(IOperation value)
    {
        var current = value;
        while (current.Parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current;
    }

    private static UseVerdict Verdict(bool onlyReads) => onlyReads ? UseVerdict.Reads : UseVerdict.Changes;

    /// <summary>A count, a flag, a string: nothing that leads back into the cached object.</summary>
    private bool ReadsOnlyAValue(ITypeSymbol? type)
        => type is not null && (_classifier.IsImmutable(type) || type.IsValueType && !_classifier.IsMutableCollection(type));

    private static bool IsWriteTarget(IOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
        _ => false,
    };
}
