using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// The creation of a cache: <c>new Dictionary&lt;K, V&gt;(comparer)</c> or a target-typed <c>new(…)</c>, with the key
/// comparer it was given and the field, property or local it is stored in. Rules and code fixes ask here instead of
/// reading constructor arguments themselves.
/// </summary>
internal sealed class CacheCreation
{
    private CacheCreation(IObjectCreationOperation operation, CacheType type, IArgumentOperation? comparer, ISymbol? target, bool onlyComparerAndSizeHints)
    {
        Operation = operation;
        Type = type;
        Comparer = comparer;
        Target = target;
        HasOnlyComparerAndSizeHints = onlyComparerAndSizeHints;
    }

    public IObjectCreationOperation Operation { get; }

    public CacheType Type { get; }

    /// <summary>
    /// The argument that sets how keys are compared (<c>IEqualityComparer&lt;TKey&gt;</c>, or <c>IComparer&lt;TKey&gt;</c>
    /// for sorted dictionaries), whatever it is: a property, a constructor parameter, a static field. Null when the
    /// creation passes none (or passes <c>null</c>): keys then use their own <c>Equals</c>/<c>GetHashCode</c>.
    /// </summary>
    public IArgumentOperation? Comparer { get; }

    public bool HasComparer => Comparer is not null;

    /// <summary>The comparer is an <c>IEqualityComparer</c> (so it can be handed to another hash-based cache), not an ordering.</summary>
    public bool HasEqualityComparer { get; private set; }

    /// <summary>The field, property or local that receives the new cache (initializer, assignment or <c>??=</c>); null otherwise.</summary>
    public ISymbol? Target { get; }

    /// <summary>Every argument is the key comparer or an <c>int</c> size hint: nothing (a source collection) would be lost by recreating it.</summary>
    public bool HasOnlyComparerAndSizeHints { get; }

    /// <summary>Recognises <paramref name="operation"/> as the creation of a cache type the model knows.</summary>
    public static bool TryCreate(IOperation operation, CacheTypeCatalog types, WellKnownTypes wellKnown, [NotNullWhen(true)] out CacheCreation? creation)
    {
        creation = null;
        if (operation is not IObjectCreationOperation { Type: { } createdType } objectCreation
            || types.Classify(createdType) is not { } cacheType)
        {
            return false;
        }

        IArgumentOperation? comparer = null;
        var onlyComparerAndSizeHints = true;
        var isEquality = false;
        foreach (var argument in objectCreation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (wellKnown.IsKeyComparer(parameter.Type, cacheType.KeyType))
            {
                // An explicit 'null' means "the default comparer".
                if (argument.Value.WalkDownConversion().ConstantValue is not { HasValue: true, Value: null })
                {
                    comparer = argument;
                    isEquality = !wellKnown.IsOrderingComparer(parameter.Type);
                }
            }
            else if (parameter.Type.SpecialType != SpecialType.System_Int32)
            {
                onlyComparerAndSizeHints = false;
            }
        }

        creation = new CacheCreation(objectCreation, cacheType, comparer, StoredIn(objectCreation), onlyComparerAndSizeHints) { HasEqualityComparer = isEquality };
        return true;
    }

    /// <summary>The symbol the creation is stored in: <c>T x = new(…)</c>, <c>x = new(…)</c>, <c>x ??= new(…)</c>.</summary>
    private static ISymbol? StoredIn(IOperation creation)
    {
        var current = creation;
        while (current.Parent is IConversionOperation conversion)
        {
            current = conversion;
        }

        return current.Parent switch
        {
            IFieldInitializerOperation { InitializedFields.Length: > 0 } field => field.InitializedFields[0],
            IPropertyInitializerOperation { InitializedProperties.Length: > 0 } property => property.InitializedProperties[0],
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            IAssignmentOperation assignment when assignment.Value == current => assignment.Target switch
            {
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property,
                ILocalReferenceOperation local => local.Local,
                _ => null,
            },
            _ => null,
        };
    }
}
