using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// The instance counterpart of <see cref="CallSites.RunsOnlyAtInitialization(ISymbol)"/>: a private or protected instance
/// method that only its type's constructors (or a subclass's) call on <c>this</c>, directly or through another such
/// helper (<c>Node(..) { Init(); }</c>), runs while the object is built. What it assigns is construction. Filled by
/// the invocations and method references of the compilation; asked at compilation end. Thread-safe.
/// </summary>
internal sealed class ConstructorHelpers
{
    private const int MaxDepth = 4;

    private readonly IAssemblySymbol _assembly;
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<ISymbol>> _callers = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<IMethodSymbol, byte> _escapes = new(SymbolKeyComparer.Instance);

    public ConstructorHelpers(Compilation compilation) => _assembly = compilation.Assembly;

    /// <summary>A method that can be a constructor helper: a non-virtual private or protected instance method of this compilation.</summary>
    public bool IsCandidate(IMethodSymbol method)
        => method is { MethodKind: MethodKind.Ordinary, IsStatic: false, IsVirtual: false, IsAbstract: false, IsOverride: false }
           && method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal
           && method.ExplicitInterfaceImplementations.IsEmpty
           && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _assembly);

    /// <summary>Records a call of a candidate (on <c>this</c>: its caller; on anything else, or in a lambda: it may run later).</summary>
    public void RecordInvocation(IInvocationOperation invocation, ISymbol caller)
    {
        var target = invocation.TargetMethod;
        if (!IsCandidate(target))
        {
            return;
        }

        var key = (IMethodSymbol)target.OriginalDefinition;
        if (invocation.Instance is IInstanceReferenceOperation instance && instance.IsThis() && invocation.GetEnclosingFunction() is null)
        {
            _callers.GetOrAdd(key, _ => new ConcurrentQueue<ISymbol>()).Enqueue(caller.OriginalDefinition);
        }
        else
        {
            _escapes.TryAdd(key, 0);
        }
    }

    /// <summary>A method group of a candidate: a delegate may run it at any time.</summary>
    public void RecordReference(IMethodReferenceOperation reference)
    {
        if (IsCandidate(reference.Method))
        {
            _escapes.TryAdd((IMethodSymbol)reference.Method.OriginalDefinition, 0);
        }
    }

    /// <summary>True when the method is called, and only while an object of its type (or a subclass) is built. Call at compilation end.</summary>
    public bool RunsOnlyInConstructors(IMethodSymbol method) => RunsOnlyInConstructors(method, new HashSet<ISymbol>(SymbolKeyComparer.Instance), 0);

    private bool RunsOnlyInConstructors(IMethodSymbol method, HashSet<ISymbol> visiting, int depth)
    {
        var key = (IMethodSymbol)method.OriginalDefinition;
        if (depth > MaxDepth || !visiting.Add(key) || !IsCandidate(key) || _escapes.ContainsKey(key) || !_callers.TryGetValue(key, out var callers))
        {
            return false;
        }

        foreach (var caller in callers)
        {
            var built = caller is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor && constructor.ContainingType.IsOrDerivesFrom(key.ContainingType);
            if (!built && !(caller is IMethodSymbol helper && RunsOnlyInConstructors(helper, visiting, depth + 1)))
            {
                return false;
            }
        }

        return true;
    }
}
