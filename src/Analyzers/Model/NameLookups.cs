using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Framework lookups that resolve a name to something that exists and throw for any other name:
/// <c>Type.GetType(name, throwOnError: true)</c>, <c>Assembly.Load(name)</c>, <c>Encoding.GetEncoding(name)</c>,
/// <c>TimeZoneInfo.FindSystemTimeZoneById(id)</c>. A cache that stores only their results holds at most one entry per
/// type, assembly, encoding or time zone: the names it was asked for are bounded by what is installed and loaded.
/// Lookups that return null for an unknown name (<c>Type.GetType(name)</c>, <c>GetProperty(name)</c>) store every
/// name they are asked, and are not among them; nor is <c>CultureInfo.GetCultureInfo</c>, which accepts any
/// well-formed name under ICU. Resolved once per compilation.
/// </summary>
internal sealed class NameLookups
{
    private readonly INamedTypeSymbol? _type;
    private readonly ImmutableArray<IMethodSymbol> _throwingLookups;

    public NameLookups(Compilation compilation)
    {
        _type = compilation.GetWellKnownType(WellKnownTypeNames.Type);
        var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
        AddStringLookups(compilation.GetWellKnownType(WellKnownTypeNames.Assembly), "Load", builder);
        AddStringLookups(compilation.GetWellKnownType(WellKnownTypeNames.Encoding), "GetEncoding", builder);
        AddStringLookups(compilation.GetWellKnownType(WellKnownTypeNames.TimeZoneInfo), "FindSystemTimeZoneById", builder);
        _throwingLookups = builder.ToImmutable();
    }

    /// <summary>True when every value the write stores is the result of a throwing name lookup (or a <c>throw</c>).</summary>
    public bool StoresOnlyResolvedNames(CacheAccess write)
    {
        var any = false;
        foreach (var stored in write.StoredValues)
        {
            if (!IsResolvedName(stored, ref any, tracedLocal: false))
            {
                return false;
            }
        }

        return any;
    }

    /// <summary>A throwing lookup's result, a <c>throw</c>, or a local assigned only those (<c>found = Encoding.GetEncoding(name);</c>).</summary>
    private bool IsResolvedName(IOperation stored, ref bool any, bool tracedLocal)
    {
        switch (stored.WalkDownKey())
        {
            case IThrowOperation:
                return true;
            case IInvocationOperation invocation when IsThrowingLookup(invocation):
                any = true;
                return true;
            case ILocalReferenceOperation local when !tracedLocal:
                foreach (var assigned in LocalValues.AssignedValues(local.Local, local.GetRoot()))
                {
                    if (!IsResolvedName(assigned, ref any, tracedLocal: true))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private bool IsThrowingLookup(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod.OriginalDefinition;
        if (method.IsStatic && SymbolEqualityComparer.Default.Equals(method.ContainingType, _type) && method.Parameters.Length > 0
            && method.Parameters[0].Type.SpecialType == SpecialType.System_String && method.ReturnType.Equals(_type, SymbolEqualityComparer.Default))
        {
            // Type.GetType(name, …, throwOnError: true): its first bool parameter is throwOnError.
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_Boolean)
                {
                    return argument.Value.ConstantValue is { HasValue: true, Value: true };
                }
            }

            return false;
        }

        foreach (var lookup in _throwingLookups)
        {
            if (SymbolEqualityComparer.Default.Equals(method, lookup))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddStringLookups(INamedTypeSymbol? type, string name, ImmutableArray<IMethodSymbol>.Builder builder)
    {
        if (type is null)
        {
            return;
        }

        foreach (var member in type.GetMembers(name))
        {
            if (member is IMethodSymbol { IsStatic: true, Parameters.Length: 1 } method && method.Parameters[0].Type.SpecialType == SpecialType.System_String)
            {
                builder.Add(method);
            }
        }
    }
}
