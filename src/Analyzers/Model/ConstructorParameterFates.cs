using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// What the constructors of the compilation do with their parameters: keep them (store, capture, pass on to unknown
/// code) or only read from them (a copy constructor, <c>new Clone(this)</c> that copies the original's fields). An
/// object created with <c>this</c> as an argument holds <c>this</c> only if its constructor keeps that parameter.
/// Facts are recorded as constructor bodies are analyzed and resolved once all have been seen (compilation end);
/// a constructor whose body was not seen (metadata, another project, a primary or record constructor) keeps everything.
/// </summary>
internal sealed class ConstructorParameterFates
{
    private const int MaxForwarding = 8;

    private readonly ConcurrentDictionary<IParameterSymbol, Fate> _fates = new(SymbolKeyComparer.Instance);

    /// <summary>
    /// An argument of a constructor whose body is in this compilation: whether it keeps the argument can be known at
    /// compilation end. Not a primary constructor: any member of the type may capture its parameters.
    /// </summary>
    public static bool CanJudge(IParameterSymbol? parameter)
        => parameter?.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor, IsImplicitlyDeclared: false } constructor
           && constructor.DeclaringSyntaxReferences.Length > 0
           && !constructor.IsPrimaryConstructor();

    /// <summary>Records what one constructor does with each of its reference-type parameters, in one walk of its body.</summary>
    public void Record(IConstructorBodyOperation body, IMethodSymbol constructor)
    {
        Dictionary<IParameterSymbol, ImmutableArray<IParameterSymbol>.Builder?>? fates = null;
        foreach (var parameter in constructor.Parameters)
        {
            if (parameter.Type.IsReferenceType || parameter.Type.TypeKind == TypeKind.TypeParameter)
            {
                (fates ??= new Dictionary<IParameterSymbol, ImmutableArray<IParameterSymbol>.Builder?>(SymbolEqualityComparer.Default))[parameter] = ImmutableArray.CreateBuilder<IParameterSymbol>();
            }
        }

        if (fates is null)
        {
            return;
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is IParameterReferenceOperation reference && fates.TryGetValue(reference.Parameter, out var forwardedTo) && forwardedTo is not null)
            {
                fates[reference.Parameter] = Classify(reference, forwardedTo);
            }
        }

        foreach (var pair in fates)
        {
            _fates[pair.Key.OriginalDefinition] = pair.Value is { } forwarded
                ? new Fate(isKept: false, forwarded.ToImmutable())
                : new Fate(isKept: true, ImmutableArray<IParameterSymbol>.Empty);
        }
    }

    /// <summary>Whether the constructor may hold on to the argument passed for <paramref name="parameter"/>. Call at compilation end.</summary>
    public bool MayKeep(IParameterSymbol parameter) => MayKeep(parameter.OriginalDefinition, depth: 0);

    private bool MayKeep(IParameterSymbol parameter, int depth)
    {
        if (depth > MaxForwarding || !_fates.TryGetValue(parameter, out var fate) || fate.IsKept)
        {
            return true;
        }

        foreach (var target in fate.ForwardedTo)
        {
            if (MayKeep(target.OriginalDefinition, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One use of the parameter: the builder of forwarding targets if it only reads (or forwards), null if it keeps it.</summary>
    private static ImmutableArray<IParameterSymbol>.Builder? Classify(IParameterReferenceOperation reference, ImmutableArray<IParameterSymbol>.Builder forwardedTo)
    {
        if (reference.GetEnclosingFunction() is not null)
        {
            return null; // a lambda or local function that uses it captures it, and may outlive the constructor
        }

        IOperation use = reference;
        while (use.Parent is IConversionOperation)
        {
            use = use.Parent;
        }

        switch (use.Parent)
        {
            // 'original.Name', 'original.CopyTo(this)', 'original?.Items': reads what the parameter holds.
            case IMemberReferenceOperation member when member.Instance == use:
            case IInvocationOperation call when call.Instance == use:
            case IConditionalAccessOperation access when access.Operation == use:
            // 'original == null', 'original is null', 'original is Derived': tests it.
            case IBinaryOperation:
            case IIsPatternOperation:
            case IIsTypeOperation:
            // 'nameof(original)' in a guard's exception message names it, and holds nothing.
            case INameOfOperation:
                return forwardedTo;

            // ': base(original)' or ': this(original)': kept if that constructor keeps it.
            case IArgumentOperation { Parameter: { } target, Parent: IInvocationOperation { TargetMethod.MethodKind: MethodKind.Constructor, Instance: IInstanceReferenceOperation } }
                when CanJudge(target):
                forwardedTo.Add(target);
                return forwardedTo;

            default:
                return null;
        }
    }

    /// <summary>Kept, or only read here and forwarded to these base/this-constructor parameters.</summary>
    private readonly struct Fate
    {
        public Fate(bool isKept, ImmutableArray<IParameterSymbol> forwardedTo)
        {
            IsKept = isKept;
            ForwardedTo = forwardedTo;
        }

        public bool IsKept { get; }

        public ImmutableArray<IParameterSymbol> ForwardedTo { get; }
    }
}
