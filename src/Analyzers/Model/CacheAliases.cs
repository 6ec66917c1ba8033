using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Which field or property a cache receiver really denotes. Besides the field itself (<c>s_cache</c>) these are:
/// <list type="bullet">
/// <item>an alias local: <c>var c = s_cache;</c>, the <c>[ThreadStatic]</c> idiom <c>var c = t_cache ??= new();</c>,
/// <c>Volatile.Read(ref s_cache)</c>;</item>
/// <item>a copy-on-write local: <c>var copy = new Dictionary&lt;K, V&gt;(s_cache);</c> that is then published back to
/// the field (<c>s_cache = copy;</c>, <c>Interlocked.CompareExchange(ref s_cache, copy, old)</c>);</item>
/// <item>the object initializer of such a copy: <c>new Dictionary&lt;K, V&gt;(s_cache) { [key] = value }</c>.</item>
/// </list>
/// A write through any of them is a write to the field's cache.
/// </summary>
internal static class CacheAliases
{
    private const int MaxHops = 4;

    /// <summary>The field, property, local or parameter a receiver stands for, seeing through aliases and copies.</summary>
    public static ISymbol? Resolve(IOperation? receiver) => Resolve(receiver, hops: 0);

    /// <summary>
    /// True when <paramref name="value"/> is a copy of <paramref name="field"/>'s cache (possibly with new entries), so
    /// storing it back into the field does not shrink the cache.
    /// </summary>
    public static bool IsCopyOf(IOperation value, ISymbol field)
    {
        value = value.WalkDownConversion();
        if (value is ILocalReferenceOperation local)
        {
            foreach (var assigned in LocalValues.AssignedValues(local.Local, local.GetRoot()))
            {
                if (!IsCopyOf(assigned, field))
                {
                    return false;
                }
            }

            return true;
        }

        return value is IObjectCreationOperation creation && CopiedField(creation, hops: 0) is { } copied
            && SymbolEqualityComparer.Default.Equals(copied.OriginalDefinition, field.OriginalDefinition);
    }

    private static ISymbol? Resolve(IOperation? receiver, int hops)
    {
        switch (receiver?.WalkDownConversion())
        {
            case IFieldReferenceOperation field:
                return field.Field;
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return property.Property;
            case IParameterReferenceOperation parameter:
                return parameter.Parameter;
            case ILocalReferenceOperation local:
                return hops < MaxHops ? ResolveLocal(local, hops + 1) ?? local.Local : local.Local;
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } implicitReceiver when hops < MaxHops:
                return ResolveInitializedCopy(implicitReceiver, hops + 1);
            default:
                return null;
        }
    }

    /// <summary>
    /// The field or property a local stands for: every assignment aliases it (<c>var c = s_cache;</c>) or copies it
    /// and publishes the copy back (copy-on-write). Null for a cache of its own.
    /// </summary>
    public static ISymbol? FieldOf(ILocalSymbol local, IOperation root) => ResolveLocal(local, root, hops: 1);

    private static ISymbol? ResolveLocal(ILocalReferenceOperation local, int hops) => ResolveLocal(local.Local, local.GetRoot(), hops);

    /// <summary>The field every assignment of the local aliases or copies (and publishes back); null when they differ.</summary>
    private static ISymbol? ResolveLocal(ILocalSymbol local, IOperation root, int hops)
    {
        ISymbol? origin = null;
        foreach (var value in LocalValues.AssignedValues(local, root))
        {
            var candidate = AliasedField(value, hops);
            if (candidate is null && value.WalkDownConversion() is IObjectCreationOperation creation
                && CopiedField(creation, hops) is { } copied && IsPublishedTo(local, copied, root))
            {
                candidate = copied;
            }

            if (candidate is null || origin is not null && !SymbolEqualityComparer.Default.Equals(origin, candidate))
            {
                return null;
            }

            origin = candidate;
        }

        return origin;
    }

    /// <summary><c>s_cache</c>, <c>t_cache ??= new()</c>, <c>s_cache = new()</c>, <c>Volatile.Read(ref s_cache)</c>, another alias.</summary>
    private static ISymbol? AliasedField(IOperation value, int hops)
    {
        value = value.WalkDownConversion();
        return value switch
        {
            IFieldReferenceOperation or IPropertyReferenceOperation or ILocalReferenceOperation => Member(Resolve(value, hops)),
            ICoalesceAssignmentOperation coalesce => Member(Resolve(coalesce.Target, hops)),
            ISimpleAssignmentOperation assignment => Member(Resolve(assignment.Target, hops)),
            IInvocationOperation { Arguments.Length: 1 } read when read.Arguments[0].Parameter?.RefKind is RefKind.Ref or RefKind.RefReadOnlyParameter or RefKind.In
                && read.TargetMethod.IsStatic && !read.TargetMethod.ReturnsVoid => Member(Resolve(read.Arguments[0].Value, hops)),
            _ => null,
        };
    }

    private static ISymbol? Member(ISymbol? symbol) => symbol is IFieldSymbol or IPropertySymbol ? symbol : null;

    /// <summary><c>new Dictionary&lt;K, V&gt;(s_cache)</c>, <c>new(s_cache, comparer)</c>: the field whose entries the new cache starts with.</summary>
    private static ISymbol? CopiedField(IObjectCreationOperation creation, int hops)
    {
        foreach (var argument in creation.Arguments)
        {
            if (hops < MaxHops && Member(Resolve(argument.Value, hops + 1)) is { } field
                && field.OriginalDefinition is IFieldSymbol or IPropertySymbol
                && SymbolEqualityComparer.Default.Equals(TypeOf(field)?.OriginalDefinition, creation.Type?.OriginalDefinition))
            {
                return field;
            }
        }

        return null;
    }

    private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    /// <summary>The local is stored back into the field: <c>s_cache = copy;</c> or passed beside <c>ref s_cache</c> (<c>Interlocked.CompareExchange</c>).</summary>
    private static bool IsPublishedTo(ILocalSymbol local, ISymbol field, IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation { Value: var value } assignment
                    when IsLocal(value, local) && Member(Resolve(assignment.Target)) is { } target && SymbolEqualityComparer.Default.Equals(target, field):
                    return true;
                case IInvocationOperation invocation when PublishesInto(invocation, local, field):
                    return true;
            }
        }

        return false;
    }

    private static bool PublishesInto(IInvocationOperation invocation, ILocalSymbol local, ISymbol field)
    {
        var refToField = false;
        var passesLocal = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.RefKind is RefKind.Ref && Resolve(argument.Value) is { } target && SymbolEqualityComparer.Default.Equals(target, field))
            {
                refToField = true;
            }
            else if (IsLocal(argument.Value, local))
            {
                passesLocal = true;
            }
        }

        return refToField && passesLocal;
    }

    private static bool IsLocal(IOperation value, ILocalSymbol local)
        => value.WalkDownConversion() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    /// <summary>
    /// <c>[key] = value</c> or <c>{ key, value }</c> in the initializer of a copy of a field's cache that is published
    /// back to the field (directly, through a local, or through <c>Interlocked.CompareExchange</c>).
    /// </summary>
    private static ISymbol? ResolveInitializedCopy(IInstanceReferenceOperation receiver, int hops)
    {
        IOperation? current = receiver;
        while (current is not null and not IObjectOrCollectionInitializerOperation)
        {
            current = current.Parent;
        }

        if (current?.Parent is not IObjectCreationOperation creation || CopiedField(creation, hops) is not { } copied)
        {
            return null;
        }

        IOperation destination = creation;
        while (destination.Parent is IConversionOperation)
        {
            destination = destination.Parent;
        }

        switch (destination.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Value == destination:
                return Member(Resolve(assignment.Target)) is { } target && SymbolEqualityComparer.Default.Equals(target, copied) ? copied : null;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return IsPublishedTo(declarator.Symbol, copied, creation.GetRoot()) ? copied : null;
            case IArgumentOperation { Parent: IInvocationOperation invocation }:
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.RefKind == RefKind.Ref && Resolve(argument.Value) is { } published && SymbolEqualityComparer.Default.Equals(published, copied))
                    {
                        return copied;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
