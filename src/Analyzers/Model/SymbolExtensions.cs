using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Model;

internal static class SymbolExtensions
{
    /// <summary>An auto-property: the compiler generated a backing field associated with it.</summary>
    public static bool IsAutoProperty(this IPropertySymbol property)
    {
        foreach (var member in property.ContainingType.GetMembers())
        {
            if (member is IFieldSymbol { AssociatedSymbol: { } associated } && SymbolEqualityComparer.Default.Equals(associated, property))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The member a user recognises in a message: the property for an accessor, the type for a constructor.</summary>
    /// <summary>The member implicitly implements a member of an interface its type implements: callers may reach it through the interface.</summary>
    public static bool ImplementsInterfaceMember(this ISymbol member)
    {
        if (member.ContainingType is not { } type)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            foreach (var candidate in implemented.GetMembers(member.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate), member))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A primary constructor: declared by its type (or record) declaration, not by a constructor declaration.</summary>
    public static bool IsPrimaryConstructor(this IMethodSymbol constructor)
    {
        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type is <paramref name="ancestor"/> or one of its subclasses (generic types compared by definition).</summary>
    public static bool IsOrDerivesFrom(this INamedTypeSymbol? type, INamedTypeSymbol ancestor)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, ancestor.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Code of another assembly can name the member: it and each containing type are public, protected or protected
    /// internal.
    /// </summary>
    public static bool IsVisibleOutsideAssembly(this ISymbol member)
    {
        for (ISymbol? current = member; current is not null && current is not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The method or property this member overrides (its original definition); null for anything else.</summary>
    public static ISymbol? OverriddenMember(this ISymbol member) => member switch
    {
        IMethodSymbol method => method.OverriddenMethod?.OriginalDefinition,
        IPropertySymbol property => property.OverriddenProperty?.OriginalDefinition,
        _ => null,
    };

    public static string DisplayMemberName(this ISymbol member) => member switch
    {
        IMethodSymbol { AssociatedSymbol: { } associated } => associated.Name,
        IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => constructor.ContainingType.Name,
        _ => member.Name,
    };

    /// <summary>The type of the value a member holds or returns: a field's or property's type, a method's return type.</summary>
    public static ITypeSymbol? ValueType(this ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        IMethodSymbol method => method.ReturnType,
        _ => null,
    };
}
