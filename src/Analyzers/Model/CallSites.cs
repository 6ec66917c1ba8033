using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Who calls the compilation's own methods, and with what: enough to answer, at compilation end, "does every caller
/// pass a bounded value for this parameter?", "is this helper only run by a static constructor or initializer?" and
/// "does anything call this member at all?". Only methods declared in this compilation are recorded; a method that is
/// used as a method group, overrides or implements something, or is visible outside the assembly, has callers we
/// cannot see.
/// </summary>
internal sealed class CallSites
{
    private const int MaxDepth = 8;

    private readonly IAssemblySymbol _assembly;
    private readonly CacheModel _model;
    private readonly BoundedKeyDomain _bounded;
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<CallSite>> _calls = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<IMethodSymbol, byte> _referenced = new(SymbolKeyComparer.Instance);
    private readonly ConcurrentDictionary<ISymbol, byte> _setAfterConstruction = new(SymbolKeyComparer.Instance);

    // 'bounded' is the project-wide domain: it judges each argument as it is seen. A type bounded only in the key's own
    // file is checked at compilation end against the argument's type (IsBoundedByCallers' keyDomain).
    public CallSites(CacheModel model)
    {
        _assembly = model.Compilation.Assembly;
        _model = model;
        _bounded = model.BoundedKeysFor(tree: null);
    }

    /// <summary>Registers the operation actions that fill the table.</summary>
    public void Register(CompilationStartAnalysisContext context)
    {
        context.RegisterOperationAction(RecordInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(RecordReference, OperationKind.MethodReference);
        context.RegisterOperationAction(RecordMemberWrite, OperationKind.FieldReference, OperationKind.PropertyReference);
    }

    /// <summary>
    /// True when the method is called in this compilation and every call passes a bounded value for the parameter;
    /// <paramref name="fromConfiguration"/> when some caller passes a value bounded only by configuration.
    /// <paramref name="keyDomain"/> is the domain of the file where the key is written: an argument whose type it
    /// bounds is bounded.
    /// </summary>
    public bool IsBoundedByCallers(IParameterSymbol parameter, BoundedKeyDomain keyDomain, out bool fromConfiguration)
    {
        var state = new BoundState(keyDomain);
        var bounded = IsBoundedByCallers(parameter, new HashSet<ISymbol>(SymbolKeyComparer.Instance), 0, state);
        fromConfiguration = state.FromConfiguration;
        return bounded;
    }

    /// <summary>
    /// True when some call in the compilation passes external input (<see cref="ExternalInputs"/>) for the parameter,
    /// directly or through its own parameters (<c>Classify(Request.Headers.UserAgent)</c>, an action forwarding its
    /// <c>[FromQuery]</c> parameter).
    /// </summary>
    public bool IsFedExternalInput(IParameterSymbol parameter) => IsFedExternalInput(parameter, new HashSet<ISymbol>(SymbolKeyComparer.Instance), 0);

    /// <summary>
    /// True when code other than its own type's constructors assigns the field or property (a setter call, an object
    /// initializer): then it is data, not a setting fixed when the object is built.
    /// </summary>
    public bool IsSetAfterConstruction(ISymbol member) => _setAfterConstruction.ContainsKey(member.OriginalDefinition);

    /// <summary>True when every setting the key reads is fixed at construction (<see cref="KeyBound.Settings"/>).</summary>
    public bool AreSettingsFixed(ImmutableArray<ISymbol> settings)
    {
        foreach (var setting in settings)
        {
            if (IsSetAfterConstruction(setting))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when the member runs only while the program starts: a static constructor or static initializer, or a
    /// helper whose every caller is one (<c>static Lookup() { Fill(); }</c> with a private <c>Fill</c>).
    /// </summary>
    public bool RunsOnlyAtInitialization(ISymbol member) => RunsOnlyAtInitialization(member, new HashSet<ISymbol>(SymbolKeyComparer.Instance), 0);

    /// <summary>A private or internal method that nothing in the compilation calls or references (a test-only <c>Reset()</c>).</summary>
    public bool IsNeverCalled(ISymbol member)
        => member is IMethodSymbol method && HasOnlyVisibleCallers(method) && !_calls.ContainsKey(Key(method));

    private static IMethodSymbol Key(IMethodSymbol method) => (IMethodSymbol)method.OriginalDefinition;

    private void RecordInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var target = invocation.TargetMethod;
        if (!IsOwn(target))
        {
            return;
        }

        // Call sites are many and keys are few: a caller's locals (and own computed properties) are traced only for
        // methods of types that hold a cache, the only ones whose parameters can end up in a key.
        var traceLocals = target.ContainingType is { } type && _model.DeclaresCache(type);
        var arguments = new ArgumentFact[target.Parameters.Length];
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && parameter.Ordinal < arguments.Length)
            {
                var bound = _bounded.Analyze(argument.Value, traceLocals);
                // Traced where the key could come from (traceLocals), for values not already bounded outright; a caller's
                // own parameter is checked everywhere, so that an action forwarding request data through helpers is seen.
                var external = (traceLocals ? !bound.IsBounded || !bound.Parameters.IsEmpty : argument.Value.WalkDownConversion() is IParameterReferenceOperation)
                    && _model.ExternalInputs.Carries(argument.Value);
                arguments[parameter.Ordinal] = new ArgumentFact(bound.IsBounded, bound.FromConfiguration, bound.Parameters, bound.Settings, argument.Value.WalkDownKey().Type, external);
            }
        }

        var initializing = invocation.GetEnclosingFunction() is null
            && (context.ContainingSymbol is IFieldSymbol { IsStatic: true } or IPropertySymbol { IsStatic: true }
                || context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.StaticConstructor });
        _calls.GetOrAdd(Key(target), _ => new ConcurrentQueue<CallSite>())
            .Enqueue(new CallSite(context.ContainingSymbol, initializing, arguments));
    }

    private void RecordReference(OperationAnalysisContext context)
    {
        var method = ((IMethodReferenceOperation)context.Operation).Method;
        if (IsOwn(method))
        {
            _referenced.TryAdd(Key(method), 0);
        }
    }

    private void RecordMemberWrite(OperationAnalysisContext context)
    {
        var reference = (IMemberReferenceOperation)context.Operation;
        if (reference.Member.IsStatic || !reference.IsWriteTarget())
        {
            return;
        }

        var inOwnConstructor = context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            && SymbolEqualityComparer.Default.Equals(constructor.ContainingType.OriginalDefinition, reference.Member.ContainingType.OriginalDefinition)
            && reference.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
            && reference.GetEnclosingFunction() is null;
        if (!inOwnConstructor)
        {
            _setAfterConstruction.TryAdd(reference.Member.OriginalDefinition, 0);
        }
    }

    private bool IsOwn(IMethodSymbol method)
        => method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
           && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _assembly);

    /// <summary>Every caller is in this compilation: private or internal, not virtual, not an override or interface implementation, not a method group.</summary>
    private bool HasOnlyVisibleCallers(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            return !_referenced.ContainsKey(Key(method));
        }

        return method.MethodKind == MethodKind.Ordinary
            && method.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal
            && !method.IsVirtual && !method.IsAbstract && !method.IsOverride
            && method.ExplicitInterfaceImplementations.IsEmpty && !method.ImplementsInterfaceMember()
            && !_referenced.ContainsKey(Key(method));
    }

    private bool IsBoundedByCallers(IParameterSymbol parameter, HashSet<ISymbol> visiting, int depth, BoundState state)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method || depth > MaxDepth || !visiting.Add(parameter.OriginalDefinition))
        {
            return false;
        }

        // A public method's callers are mostly elsewhere; still, when the compilation calls it only with constants,
        // the key set is the program's (the "all callers pass constants"). Method groups hide the arguments.
        if (_referenced.ContainsKey(Key(method)) || !_calls.TryGetValue(Key(method), out var calls))
        {
            return false;
        }

        foreach (var call in calls)
        {
            var fact = call.Arguments[parameter.Ordinal];
            if (fact?.ValueType is { } valueType && state.KeyDomain.Contains(valueType))
            {
                continue; // a type the key's file lists as bounded: bounded, whatever the value's own origin
            }

            if (fact is null || !fact.IsBounded || !AreSettingsFixed(fact.Settings))
            {
                return false;
            }

            state.FromConfiguration |= fact.FromConfiguration;
            foreach (var forwarded in fact.Parameters)
            {
                if (!IsBoundedByCallers(forwarded, visiting, depth + 1, state))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private bool IsFedExternalInput(IParameterSymbol parameter, HashSet<ISymbol> visiting, int depth)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method || depth > MaxDepth || !visiting.Add(parameter.OriginalDefinition)
            || !_calls.TryGetValue(Key(method), out var calls))
        {
            return false;
        }

        foreach (var call in calls)
        {
            if (call.Arguments[parameter.Ordinal] is not { } fact)
            {
                continue;
            }

            if (fact.CarriesExternalInput)
            {
                return true;
            }

            foreach (var forwarded in fact.Parameters)
            {
                if (IsFedExternalInput(forwarded, visiting, depth + 1))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool RunsOnlyAtInitialization(ISymbol member, HashSet<ISymbol> visiting, int depth)
    {
        if (member is not IMethodSymbol method || depth > MaxDepth || !visiting.Add(member.OriginalDefinition)
            || !HasOnlyVisibleCallers(method) || !_calls.TryGetValue(Key(method), out var calls))
        {
            return false;
        }

        foreach (var call in calls)
        {
            if (!call.Initializing && !RunsOnlyAtInitialization(call.Caller, visiting, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class CallSite
    {
        public CallSite(ISymbol caller, bool initializing, ArgumentFact?[] arguments)
        {
            Caller = caller;
            Initializing = initializing;
            Arguments = arguments;
        }

        public ISymbol Caller { get; }

        /// <summary>The call itself is in a static constructor or static initializer (not in a lambda there).</summary>
        public bool Initializing { get; }

        public ArgumentFact?[] Arguments { get; }
    }

    private sealed class BoundState
    {
        public BoundState(BoundedKeyDomain keyDomain) => KeyDomain = keyDomain;

        public BoundedKeyDomain KeyDomain { get; }

        public bool FromConfiguration { get; set; }
    }

    private sealed class ArgumentFact
    {
        public ArgumentFact(bool isBounded, bool fromConfiguration, ImmutableArray<IParameterSymbol> parameters, ImmutableArray<ISymbol> settings, ITypeSymbol? valueType, bool carriesExternalInput)
        {
            IsBounded = isBounded;
            CarriesExternalInput = carriesExternalInput;
            ValueType = valueType;
            FromConfiguration = fromConfiguration;
            Parameters = parameters;
            Settings = settings;
        }

        public bool IsBounded { get; }

        /// <summary>The argument is, or carries whole, input from outside the program.</summary>
        public bool CarriesExternalInput { get; }

        /// <summary>The argument's own type: bounded after all if the key's file lists it (<c>safecache.bounded_key_types</c>).</summary>
        public ITypeSymbol? ValueType { get; }

        /// <summary>Bounded only by configuration (an options value, a setting of the calling object).</summary>
        public bool FromConfiguration { get; }

        public ImmutableArray<ISymbol> Settings { get; }

        /// <summary>The caller's own parameters the argument forwards: bounded when their callers pass bounded values.</summary>
        public ImmutableArray<IParameterSymbol> Parameters { get; }
    }
}
