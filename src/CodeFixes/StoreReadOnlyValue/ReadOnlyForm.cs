using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SafeCache.Analyzers.Model;
using SafeCache.CodeFixes.Transformations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SafeCache.CodeFixes.StoreReadOnlyValue;

/// <summary>
/// The read-only counterpart of a cached value type and how a stored value becomes it:
/// <list type="bullet">
/// <item><c>List&lt;T&gt;</c> / <c>T[]</c> → <c>IReadOnlyList&lt;T&gt;</c> holding an array (<c>list.ToArray()</c>);</item>
/// <item><c>Dictionary&lt;K, V&gt;</c> → <c>FrozenDictionary&lt;K, V&gt;</c> (<c>d.ToFrozenDictionary(d.Comparer)</c>) where the target
/// framework has System.Collections.Frozen, else <c>IReadOnlyDictionary&lt;K, V&gt;</c> holding a <c>ReadOnlyDictionary</c> wrapper;</item>
/// <item><c>HashSet&lt;T&gt;</c> → <c>FrozenSet&lt;T&gt;</c> (<c>s.ToFrozenSet(s.Comparer)</c>), else <c>IReadOnlySet&lt;T&gt;</c> where it exists.</item>
/// </list>
/// The comparer is kept: a stored dictionary or set is converted only when it is a plain name (read twice safely) or a
/// creation without a comparer; any other stored expression keeps the fix away.
/// </summary>
internal sealed class ReadOnlyForm
{
    /// <summary>Marks each conversion call, so a missing <c>using</c> for it can be found once the new types are in place.</summary>
    public static readonly SyntaxAnnotation ConversionAnnotation = new("SafeCache.StoreReadOnly");

    /// <summary>Return types that already keep callers from mutating (nothing to change there).</summary>
    public static readonly string[] ReadOnlyInterfaces =
    {
        "System.Collections.Generic.IReadOnlyList`1", "System.Collections.Generic.IReadOnlyCollection`1",
        "System.Collections.Generic.IReadOnlyDictionary`2", "System.Collections.Generic.IReadOnlySet`1",
        "System.Collections.Frozen.FrozenDictionary`2", "System.Collections.Frozen.FrozenSet`1",
    };

    private readonly Kind _kind;

    private const string FrozenNamespace = "System.Collections.Frozen";

    private readonly string? _freezeMethod;

    private ReadOnlyForm(ITypeSymbol type, Kind kind, string? conversionNamespace, ITypeSymbol? wrapper = null, string? frozen = null)
    {
        Type = type;
        _kind = kind;
        ConversionNamespace = conversionNamespace;
        Wrapper = wrapper;
        _freezeMethod = frozen;
    }

    private enum Kind
    {
        /// <summary><c>list.ToArray()</c>; arrays are stored as they are.</summary>
        ToArray,

        /// <summary><c>d.ToFrozenDictionary(d.Comparer)</c> / <c>s.ToFrozenSet(s.Comparer)</c>.</summary>
        Freeze,

        /// <summary><c>new ReadOnlyDictionary&lt;K, V&gt;(d)</c>.</summary>
        Wrap,

        /// <summary>Stored as it is, typed by a read-only interface.</summary>
        AsIs,
    }

    /// <summary>The new value type of the cache and of the members returning its values.</summary>
    public ITypeSymbol Type { get; }

    /// <summary>The namespace of the conversion's extension method, when it has one.</summary>
    public string? ConversionNamespace { get; }

    private ITypeSymbol? Wrapper { get; }

    /// <summary>The read-only forms for <paramref name="valueType"/>, most specific first; empty when this fix does not handle it.</summary>
    public static IEnumerable<ReadOnlyForm> For(ITypeSymbol valueType, Compilation compilation)
    {
        INamedTypeSymbol? Type(string metadataName) => compilation.GetTypeByMetadataName(metadataName);
        bool Is(INamedTypeSymbol named, string metadataName) => SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Type(metadataName));

        switch (valueType)
        {
            case IArrayTypeSymbol { IsSZArray: true } array when Type("System.Collections.Generic.IReadOnlyList`1") is { } readOnlyList:
                yield return new ReadOnlyForm(readOnlyList.Construct(array.ElementType), Kind.ToArray, "System.Linq");
                break;
            case INamedTypeSymbol named when Is(named, "System.Collections.Generic.List`1") && Type("System.Collections.Generic.IReadOnlyList`1") is { } readOnlyList:
                yield return new ReadOnlyForm(readOnlyList.Construct(named.TypeArguments[0]), Kind.ToArray, "System.Linq");
                break;
            case INamedTypeSymbol named when Is(named, "System.Collections.Generic.Dictionary`2"):
                var arguments = named.TypeArguments.ToArray();
                var readOnlyDictionary = Type("System.Collections.Generic.IReadOnlyDictionary`2")?.Construct(arguments);
                if (Type("System.Collections.Frozen.FrozenDictionary`2") is { } frozenDictionary && Type("System.Collections.Frozen.FrozenDictionary") is not null)
                {
                    yield return new ReadOnlyForm(frozenDictionary.Construct(arguments), Kind.Freeze, FrozenNamespace, frozen: "ToFrozenDictionary");
                    if (readOnlyDictionary is not null)
                    {
                        yield return new ReadOnlyForm(readOnlyDictionary, Kind.Freeze, FrozenNamespace, frozen: "ToFrozenDictionary");
                    }
                }
                else if (readOnlyDictionary is not null && Type("System.Collections.ObjectModel.ReadOnlyDictionary`2") is { } wrapper)
                {
                    yield return new ReadOnlyForm(readOnlyDictionary, Kind.Wrap, null, wrapper: wrapper.Construct(arguments));
                }

                break;
            case INamedTypeSymbol named when Is(named, "System.Collections.Generic.HashSet`1"):
                var readOnlySet = Type("System.Collections.Generic.IReadOnlySet`1")?.Construct(named.TypeArguments[0]);
                if (Type("System.Collections.Frozen.FrozenSet`1") is { } frozenSet && Type("System.Collections.Frozen.FrozenSet") is not null)
                {
                    yield return new ReadOnlyForm(frozenSet.Construct(named.TypeArguments[0]), Kind.Freeze, FrozenNamespace, frozen: "ToFrozenSet");
                    if (readOnlySet is not null)
                    {
                        yield return new ReadOnlyForm(readOnlySet, Kind.Freeze, FrozenNamespace, frozen: "ToFrozenSet");
                    }
                }
                else if (readOnlySet is not null)
                {
                    yield return new ReadOnlyForm(readOnlySet, Kind.AsIs, null);
                }

                break;
        }
    }

    /// <summary>Registers the conversion of one stored value; false when it cannot be converted faithfully.</summary>
    public bool TryConvertStored(IOperation stored, SyntaxGenerator generator, SyntaxEditSet edits)
    {
        var value = stored.WalkDownConversion();
        if (value.Syntax is not ExpressionSyntax expression)
        {
            return false;
        }

        if (_kind == Kind.AsIs || (_kind == Kind.ToArray && value.Type is IArrayTypeSymbol))
        {
            return true;
        }

        ExpressionSyntax? converted = _kind switch
        {
            Kind.ToArray => Call(Receiver(expression), "ToArray"),
            Kind.Wrap => ObjectCreationExpression((TypeSyntax)generator.TypeExpression(Wrapper!).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
                .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(expression.WithoutTrivia())))),
            _ => Freeze(value, expression),
        };
        if (converted is null)
        {
            return false;
        }

        edits.Replace(expression, (_, _) => converted.WithTriviaFrom(expression).WithAdditionalAnnotations(ConversionAnnotation));
        return true;
    }

    /// <summary><c>d.ToFrozenDictionary(d.Comparer)</c> for a plain name; <c>new Dictionary&lt;K, V&gt;().ToFrozenDictionary()</c> for a creation without a comparer.</summary>
    private ExpressionSyntax? Freeze(IOperation value, ExpressionSyntax expression)
    {
        var method = _freezeMethod!;
        if (value is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation })
        {
            var receiver = expression.WithoutTrivia();
            return Call(receiver, method, MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, IdentifierName("Comparer")));
        }

        return value is IObjectCreationOperation { Constructor: { } constructor }
               && !constructor.Parameters.Any(p => p.Type is INamedTypeSymbol { Name: "IEqualityComparer" })
            ? Call(Receiver(expression), method)
            : null;
    }

    private static ExpressionSyntax Receiver(ExpressionSyntax expression)
        => expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ObjectCreationExpressionSyntax
            ? expression.WithoutTrivia()
            : ParenthesizedExpression(expression.WithoutTrivia());

    private static InvocationExpressionSyntax Call(ExpressionSyntax receiver, string method, params ExpressionSyntax[] arguments)
        => InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, IdentifierName(method)),
            ArgumentList(SeparatedList(arguments.Select(Argument))));
}
