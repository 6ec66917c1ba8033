using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Proves that a type is a singleton: only private constructors, exactly one static read-only field (or get-only
/// auto-property) of its own type or of <c>Lazy&lt;T&gt;</c> of it, and exactly one object creation of it. A singleton's one instance lives for the
/// whole process anyway, so a static cache that holds it or reads its state is harmless — Python linters cannot see
/// this and users suppress B019 on singletons by hand.
/// </summary>
internal sealed class SingletonTracker
{
    private int _creations;

    private SingletonTracker()
    {
    }

    /// <summary>At the type's symbol end: true when exactly one instance is ever created.</summary>
    public bool IsSingleton => Volatile.Read(ref _creations) == 1;

    /// <summary>
    /// Starts counting creations of the type when its shape allows a singleton; null otherwise. Private constructors
    /// mean every creation is inside the type, which is what a symbol-start action sees.
    /// </summary>
    public static SingletonTracker? TryStart(SymbolStartAnalysisContext context, INamedTypeSymbol type)
    {
        if (!HasSingletonShape(type, context.Compilation))
        {
            return null;
        }

        var tracker = new SingletonTracker();
        context.RegisterOperationAction(
            c =>
            {
                if (SymbolEqualityComparer.Default.Equals(c.Operation.Type, type))
                {
                    Interlocked.Increment(ref tracker._creations);
                }
            },
            OperationKind.ObjectCreation);
        return tracker;
    }

    private static bool HasSingletonShape(INamedTypeSymbol type, Compilation compilation)
    {
        if (type.IsAbstract || type.IsStatic || !type.IsReferenceType || type.InstanceConstructors.IsEmpty)
        {
            return false;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility != Accessibility.Private)
            {
                return false; // includes the implicit public constructor
            }
        }

        // The instance field holds the type itself, or a Lazy<T> of it (the classic lazy singleton).
        var lazy = compilation.GetWellKnownType(WellKnownTypeNames.Lazy);
        var instances = 0;
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: true } field
                && (SymbolEqualityComparer.Default.Equals(field.Type, type)
                    || field.Type is INamedTypeSymbol { TypeArguments.Length: 1 } holder && lazy is not null
                       && SymbolEqualityComparer.Default.Equals(holder.OriginalDefinition, lazy)
                       && SymbolEqualityComparer.Default.Equals(holder.TypeArguments[0], type)))
            {
                if (!field.IsReadOnly)
                {
                    return false;
                }

                instances++;
            }
        }

        return instances == 1;
    }
}
