using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Rules.UnboundedSharedCache;

/// <summary>
/// Whether a write to a <c>MemoryCache</c> gives its entry an expiration: an absolute or sliding expiration or an
/// expiration token, set through the <c>Set</c> overload, the entry options, or the <c>GetOrCreate</c> factory's entry.
/// A cache whose every entry expires is bounded by time, not for the life of the process. What the analyzer cannot
/// see (options from a field or a parameter, a factory that is not a lambda) counts as expiring: precision first.
/// </summary>
internal sealed class EntryExpiration
{
    private static readonly string[] ExpirationPropertyNames = { "AbsoluteExpiration", "AbsoluteExpirationRelativeToNow", "SlidingExpiration", "ExpirationTokens" };
    private static readonly string[] ExpirationMethodNames = { "SetAbsoluteExpiration", "SetSlidingExpiration", "AddExpirationToken" };

    private readonly INamedTypeSymbol? _entry;
    private readonly INamedTypeSymbol? _entryOptions;
    private readonly ImmutableHashSet<ITypeSymbol> _expiringArgumentTypes;
    private readonly ImmutableHashSet<ISymbol> _expirationMembers;
    private readonly ImmutableHashSet<ISymbol> _setOptions;

    public EntryExpiration(Compilation compilation)
    {
        _entry = compilation.GetWellKnownType(WellKnownTypeNames.ICacheEntry);
        _entryOptions = compilation.GetWellKnownType(WellKnownTypeNames.MemoryCacheEntryOptions);

        _expirationMembers = TypeSet.ResolveMembers(
            compilation,
            (WellKnownTypeNames.ICacheEntry, ExpirationPropertyNames),
            (WellKnownTypeNames.MemoryCacheEntryOptions, ExpirationPropertyNames),
            (WellKnownTypeNames.CacheEntryExtensions, ExpirationMethodNames),
            (WellKnownTypeNames.MemoryCacheEntryExtensions, ExpirationMethodNames));
        _setOptions = TypeSet.ResolveMembers(compilation, (WellKnownTypeNames.CacheEntryExtensions, new[] { "SetOptions" }));
        _expiringArgumentTypes = TypeSet.ResolveSet(compilation, WellKnownTypeNames.TimeSpan, WellKnownTypeNames.DateTimeOffset, WellKnownTypeNames.IChangeToken);
    }

    /// <summary>True when the entry this write stores will expire, or when that cannot be seen from here.</summary>
    public bool Expires(CacheAccess write)
    {
        if (write.Operation is not IInvocationOperation invocation)
        {
            return false;
        }

        var method = invocation.TargetMethod;
        if (method.ReturnType is { } returned && IsEntry(returned))
        {
            // CreateEntry(key): the member configures the entry it gets back.
            return SetsExpiration(invocation.GetRoot());
        }

        var expires = false;
        foreach (var argument in invocation.Arguments)
        {
            var parameterType = argument.Parameter?.Type;
            if (parameterType is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (_expiringArgumentTypes.Contains(parameterType.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
            {
                return true; // Set(key, value, TimeSpan | DateTimeOffset | IChangeToken)
            }

            if (SymbolEqualityComparer.Default.Equals(parameterType.OriginalDefinition, _entryOptions))
            {
                expires |= OptionsExpire(argument.Value.WalkDownConversion());
            }
            else if (parameterType is INamedTypeSymbol { DelegateInvokeMethod: { } invoke } && invoke.Parameters.Length == 1 && IsEntry(invoke.Parameters[0].Type))
            {
                expires |= FactoryExpires(argument.Value.WalkDownConversion());
            }
        }

        return expires;
    }

    private bool OptionsArgumentExpires(IInvocationOperation setOptions)
    {
        foreach (var argument in setOptions.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type.OriginalDefinition, _entryOptions)
                && OptionsExpire(argument.Value.WalkDownConversion()))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>new MemoryCacheEntryOptions { … }</c>, a fluent chain on it, or a local configured in the member.</summary>
    private bool OptionsExpire(IOperation options)
        => options switch
        {
            IObjectCreationOperation creation => creation.Initializer is { } initializer && SetsExpiration(initializer),
            IInvocationOperation chain => SetsExpiration(chain),
            ILocalReferenceOperation => SetsExpiration(options.GetRoot()),
            ILiteralOperation or IDefaultValueOperation => false,
            _ => true, // a field, a parameter, a property: configured where this write cannot see
        };

    /// <summary><c>GetOrCreate(key, entry =&gt; { entry.SlidingExpiration = …; … })</c>.</summary>
    private bool FactoryExpires(IOperation factory)
    {
        if (factory is IDelegateCreationOperation creation)
        {
            factory = creation.Target;
        }

        return factory is not IAnonymousFunctionOperation lambda || SetsExpiration(lambda.Body);
    }

    /// <summary>
    /// Any expiration property set, or expiration method called, under <paramref name="root"/>; or entry options that
    /// set one given to the entry (<c>entry.SetOptions(options)</c>).
    /// </summary>
    private bool SetsExpiration(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation setOptions && _setOptions.Contains(setOptions.TargetMethod.OriginalDefinition)
                && OptionsArgumentExpires(setOptions))
            {
                return true;
            }

            var member = operation switch
            {
                IPropertyReferenceOperation property => property.Property.OriginalDefinition,
                IInvocationOperation call => (ISymbol)call.TargetMethod.OriginalDefinition,
                _ => null,
            };
            if (member is not null && _expirationMembers.Contains(member))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsEntry(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _entry);
}
