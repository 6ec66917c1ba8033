using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.CacheModel;

namespace SafeCache.Analyzers.Rules;

/// <summary>
/// SC0001, the C# form of flake8-bugbear B019: a static cache written from an instance member with a key or a stored
/// value that holds <c>this</c>. The cache lives as long as the process, so every instance that ever wrote to it does too.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedCacheCapturesInstanceAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.SharedCacheCapturesInstance);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var model = CacheModel.CacheModel.Create(start.Compilation, start.Options);
            start.RegisterSymbolStartAction(typeStart => AnalyzeType(typeStart, model), SymbolKind.NamedType);
        });
    }

    /// <summary>
    /// Writes are reported as they are found, except in a type that may be a singleton: there they wait for the end of
    /// the type, when we know whether its one instance is the only one ever created.
    /// </summary>
    private static void AnalyzeType(SymbolStartAnalysisContext context, CacheModel.CacheModel model)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.IsReferenceType)
        {
            return; // a struct's 'this' is copied into the cache: no instance is kept alive
        }

        if (!SingletonShape.IsCandidate(type))
        {
            context.RegisterOperationAction(c => AnalyzeAccess(c, type, model, c.ReportDiagnostic), CacheModel.CacheModel.AccessOperationKinds);
            return;
        }

        var pending = new ConcurrentQueue<Diagnostic>();
        var creations = 0;
        context.RegisterOperationAction(c => AnalyzeAccess(c, type, model, pending.Enqueue), CacheModel.CacheModel.AccessOperationKinds);
        context.RegisterOperationAction(
            c =>
            {
                if (SymbolEqualityComparer.Default.Equals(c.Operation.Type, type))
                {
                    Interlocked.Increment(ref creations);
                }
            },
            OperationKind.ObjectCreation);
        context.RegisterSymbolEndAction(end =>
        {
            // A provable singleton pins one instance that lives for the whole process anyway.
            if (Volatile.Read(ref creations) == 1)
            {
                return;
            }

            foreach (var diagnostic in pending)
            {
                end.ReportDiagnostic(diagnostic);
            }
        });
    }

    private static void AnalyzeAccess(OperationAnalysisContext context, INamedTypeSymbol type, CacheModel.CacheModel model, System.Action<Diagnostic> report)
    {
        // Operation actions of a type also run for the members of its nested types: each type reports its own writes.
        if (!SymbolEqualityComparer.Default.Equals(context.ContainingSymbol.ContainingType, type)
            || !model.TryGetAccess(context.Operation, out var access)
            || !access.IsWrite
            || !access.Cache.IsShared
            || access.Cache.Type.HasWeakOwner
            || !access.Operation.IsInInstanceContext(context.ContainingSymbol))
        {
            return;
        }

        if (Describe(access, model.ThisCapture) is not { } part)
        {
            return;
        }

        report(Diagnostic.Create(
            DiagnosticDescriptors.SharedCacheCapturesInstance,
            access.Operation.Syntax.GetLocation(),
            access.Cache.Name,
            part,
            type.Name,
            MemberName(context.ContainingSymbol)));
    }

    /// <summary>Which part of the entry holds <c>this</c>: "key", "value", "key and value", or null when none does.</summary>
    private static string? Describe(CacheAccess access, ThisCapture thisCapture)
    {
        var keyCaptures = thisCapture.Find(access.Key) is not null;

        // A weak-keyed table (ConditionalWeakTable) does not keep its key alive, nor a value that only its own key
        // references (an ephemeron). A value holding 'this' under some other key is kept alive by that key.
        if (access.Cache.Type.HasWeakKeys)
        {
            return keyCaptures ? null : ValueCaptures(access, thisCapture) ? "value" : null;
        }

        var valueCaptures = ValueCaptures(access, thisCapture);
        return (keyCaptures, valueCaptures) switch
        {
            (true, true) => "key and value",
            (true, false) => "key",
            (false, true) => "value",
            _ => null,
        };
    }

    private static bool ValueCaptures(CacheAccess access, ThisCapture thisCapture)
    {
        foreach (var value in access.StoredValues)
        {
            if (thisCapture.Find(value) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The member a user recognises: the property for an accessor, the type for a constructor.</summary>
    private static string MemberName(ISymbol member) => member switch
    {
        IMethodSymbol { AssociatedSymbol: { } associated } => associated.Name,
        IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => constructor.ContainingType.Name,
        _ => member.Name,
    };

    /// <summary>
    /// The shape of a singleton seen from its symbols: only private constructors and exactly one static field of its
    /// own type, read-only (<c>static readonly Foo Instance = new()</c> or a get-only auto-property). That it is also the
    /// only instance ever created is checked by counting object creations of the type.
    /// </summary>
    private static class SingletonShape
    {
        public static bool IsCandidate(INamedTypeSymbol type)
        {
            if (type.IsAbstract || type.IsStatic || type.InstanceConstructors.IsEmpty)
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

            var instances = 0;
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: true } field && SymbolEqualityComparer.Default.Equals(field.Type, type))
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
}
