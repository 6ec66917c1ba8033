using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SafeCache.Analyzers.Model;

/// <summary>
/// Data that comes from outside the program, in unbounded variety: what an HTTP request carries (header, query, form
/// and cookie values, the path, the query string, the host, the user's name and claims), a text or integer parameter
/// an ASP.NET Core action or minimal-API handler binds from the request, and text read from the console or a file. A
/// cache keyed by them grows with the traffic. Only open-ended request data counts: the request's method or scheme, a
/// flag or an enum is not among them. Also: whether code fetches data from a database, the network or a file
/// (<see cref="FetchesExternalData"/>). Symbols are resolved once per compilation.
/// </summary>
internal sealed class ExternalInputs
{
    private static readonly string[] RequestValueTypes =
    {
        "Microsoft.Extensions.Primitives.StringValues",
        "Microsoft.AspNetCore.Http.PathString",
        "Microsoft.AspNetCore.Http.QueryString",
        "Microsoft.AspNetCore.Http.HostString",
    };

    private static readonly string[] RequestCollections =
    {
        "Microsoft.AspNetCore.Http.IRequestCookieCollection",
        "Microsoft.AspNetCore.Http.IQueryCollection",
        "Microsoft.AspNetCore.Http.IFormCollection",
        "Microsoft.AspNetCore.Http.IHeaderDictionary",
    };

    private static readonly string[] BindingAttributes =
    {
        "Microsoft.AspNetCore.Mvc.FromQueryAttribute",
        "Microsoft.AspNetCore.Mvc.FromRouteAttribute",
        "Microsoft.AspNetCore.Mvc.FromHeaderAttribute",
        "Microsoft.AspNetCore.Mvc.FromFormAttribute",
        "Microsoft.AspNetCore.Mvc.FromBodyAttribute",
    };

    // Types whose calls fetch data from a database, the network or a file.
    private static readonly string[] DataSourceTypes =
    {
        "System.Net.Http.HttpMessageInvoker",
        "System.Net.WebClient",
        "System.Data.IDbConnection",
        "System.Data.IDbCommand",
        "System.Data.IDataReader",
        "Microsoft.EntityFrameworkCore.DbContext",
        "Microsoft.EntityFrameworkCore.DbSet`1",
        "System.IO.File",
        "System.IO.Stream",
        "System.Net.Sockets.Socket",
    };

    private readonly ImmutableHashSet<ITypeSymbol> _dataSourceTypes;
    private readonly ImmutableHashSet<ITypeSymbol> _requestValueTypes;
    private readonly ImmutableHashSet<ITypeSymbol> _requestCollections;
    private readonly ImmutableHashSet<ITypeSymbol> _bindingAttributes;
    private readonly ImmutableHashSet<ISymbol> _readMethods;
    private readonly INamedTypeSymbol? _controllerBase;
    private readonly ImmutableHashSet<ITypeSymbol> _identityTypes;
    private readonly ImmutableHashSet<ISymbol> _mapEndpoint;
    private readonly System.Func<IOperation, bool> _isSource;

    public ExternalInputs(Compilation compilation)
    {
        _requestValueTypes = TypeSet.ResolveSet(compilation, RequestValueTypes);
        _requestCollections = TypeSet.ResolveSet(compilation, RequestCollections);
        _bindingAttributes = TypeSet.ResolveSet(compilation, BindingAttributes);
        _dataSourceTypes = TypeSet.ResolveSet(compilation, DataSourceTypes);
        _controllerBase = compilation.GetWellKnownType("Microsoft.AspNetCore.Mvc.ControllerBase");

        // Who the request is from: a user's name or a claim's value is one of as many as there are users.
        _identityTypes = TypeSet.ResolveSet(compilation, new[] { "System.Security.Principal.IIdentity", "System.Security.Claims.Claim" });

        // Minimal APIs: the route handler's parameters are bound from the request.
        _mapEndpoint = TypeSet.ResolveMembers(
            compilation,
            ("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions", new[] { "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods" }));
        _isSource = IsSource; // one delegate: Carries runs for many call arguments

        _readMethods = TypeSet.ResolveMembers(
            compilation,
            ("System.Console", new[] { "ReadLine" }),
            ("System.IO.TextReader", new[] { "ReadLine", "ReadLineAsync", "ReadToEnd", "ReadToEndAsync" }),
            ("System.IO.File", new[] { "ReadAllText", "ReadAllLines", "ReadLines", "ReadAllTextAsync", "ReadAllLinesAsync" }));
    }

    /// <summary>True when the key, or a part it carries whole (<see cref="CarriedParts"/>), is external input.</summary>
    public bool Carries(IOperation key) => CarriedParts.Any(key, _isSource);

    /// <summary>
    /// True when <paramref name="body"/> calls a database, the network or a file (<c>HttpClient</c>, ADO.NET and Dapper
    /// on a connection, EF Core's <c>DbContext</c>/<c>DbSet</c>, <c>File</c>, a <c>Stream</c>, a socket): a cache it
    /// fills holds external data, one entry per key of that data.
    /// </summary>
    public bool FetchesExternalData(IOperation body)
    {
        if (_dataSourceTypes.Count == 0)
        {
            return false;
        }

        foreach (var operation in body.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation invocation && IsDataSourceCall(invocation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A call on a data source, or an extension method on one (Dapper's <c>connection.Query</c>).</summary>
    private bool IsDataSourceCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (IsDataSource(method.ContainingType) || invocation.Instance?.Type is { } receiver && IsDataSource(receiver))
        {
            return true;
        }

        return method.IsExtensionMethod && method.Parameters.Length > 0 && IsDataSource(method.Parameters[0].Type);
    }

    private bool IsDataSource(ITypeSymbol? type) => IsOrInherits(type, _dataSourceTypes);

    private bool IsSource(IOperation value)
    {
        if (value.Type is { } type && _requestValueTypes.Contains(type.OriginalDefinition))
        {
            return true;
        }

        switch (value)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance.Type: { } collection }:
                return IsRequestCollection(collection);
            case IPropertyReferenceOperation { Instance.Type: { } owner } when _requestValueTypes.Contains(owner.OriginalDefinition):
                return true; // Request.Path.Value, Request.Host.Host: the text of a request value
            case IPropertyReferenceOperation { Type.SpecialType: SpecialType.System_String, Instance.Type: { } identity } when IsIdentity(identity):
                return true; // User.Identity.Name, claim.Value
            case IInvocationOperation invocation:
                return IsRead(invocation.TargetMethod);
            case IParameterReferenceOperation parameter:
                return IsBoundFromRequest(parameter.Parameter) || IsRouteHandlerParameter(parameter);
            default:
                return false;
        }
    }

    private bool IsRequestCollection(ITypeSymbol type) => IsOrInherits(type, _requestCollections);

    private bool IsRead(IMethodSymbol method)
    {
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            if (_readMethods.Contains(current.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A parameter bound from the request: one with a <c>[From…]</c> attribute, or a public controller action's.</summary>
    private bool IsBoundFromRequest(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeType && _bindingAttributes.Contains(attributeType.OriginalDefinition))
            {
                return true;
            }
        }

        return _controllerBase is not null
            && parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false } action
            && IsOpenEnded(parameter.Type)
            && action.ContainingType.IsOrDerivesFrom(_controllerBase);
    }

    /// <summary><c>app.MapGet("/users/{name}", (string name) =&gt; …)</c>: a parameter of the handler lambda.</summary>
    private bool IsRouteHandlerParameter(IParameterReferenceOperation reference)
    {
        if (_mapEndpoint.Count == 0 || reference.Parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } handler
            || !IsOpenEnded(reference.Parameter.Type))
        {
            return false;
        }

        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, handler))
            {
                var parent = lambda.Parent;
                while (parent is IDelegateCreationOperation or IConversionOperation)
                {
                    parent = parent.Parent;
                }

                return parent is IArgumentOperation { Parent: IInvocationOperation map } && _mapEndpoint.Contains(map.TargetMethod.OriginalDefinition);
            }
        }

        return false;
    }

    /// <summary>Values of unbounded variety: text and integers (ids). A flag or an enum is a small set.</summary>
    private static bool IsOpenEnded(ITypeSymbol type)
        => type.SpecialType is SpecialType.System_String or SpecialType.System_Int32 or SpecialType.System_Int64
            or SpecialType.System_UInt32 or SpecialType.System_UInt64;

    private bool IsIdentity(ITypeSymbol type) => IsOrInherits(type, _identityTypes);

    /// <summary>The type, one of its base types or one of its interfaces is in <paramref name="types"/> (generics by definition).</summary>
    private static bool IsOrInherits(ITypeSymbol? type, ImmutableHashSet<ITypeSymbol> types)
    {
        if (type is null || types.Count == 0)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (types.Contains(current.OriginalDefinition))
            {
                return true;
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (types.Contains(implemented.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }
}
