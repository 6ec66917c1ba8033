using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;
using SafeCache.Analyzers.Tests.Verification;

namespace SafeCache.Analyzers.Tests.Model;

public sealed class ConstructorParameterFatesTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;

        class Base
        {
            public Base(object? copyFrom) { Name = copyFrom?.ToString() ?? ""; }
            public Base(object owner, int keep) { Owner = owner; }
            public string Name { get; } = "";
            public object? Owner { get; }
        }

        class Copy : Base
        {
            public Copy(Copy original) : base(original) { if (original is null) throw new ArgumentNullException(nameof(original)); }
        }

        class Kept : Base
        {
            public Kept(object owner) : base(owner, 1) { }
        }

        class Captured
        {
            public Captured(object owner) { Describe = () => owner.ToString(); }
            public Func<string?> Describe { get; }
        }

        class Listed
        {
            private readonly List<object> _all = new();
            public Listed(object item) { _all.Add(item); }
        }

        class Passed
        {
            public Passed(object item) { Register(item); }
            private static void Register(object item) { }
        }
        """;

    [Theory]
    [InlineData("Copy", "original", false)]   // read, tested, forwarded to a base constructor that only reads it
    [InlineData("Kept", "owner", true)]       // forwarded to a base constructor that stores it
    [InlineData("Captured", "owner", true)]   // captured by a lambda the object keeps
    [InlineData("Listed", "item", true)]      // added to a collection
    [InlineData("Passed", "item", true)]      // handed to other code
    public void A_constructor_keeps_a_parameter_only_if_it_stores_captures_or_passes_it_on(string type, string parameter, bool expected)
    {
        var (compilation, fates) = Build();
        var constructor = compilation.GetTypeByMetadataName(type)!.InstanceConstructors.Single();
        Assert.Equal(expected, fates.MayKeep(constructor.Parameters.Single(p => p.Name == parameter)));
    }

    [Fact]
    public void A_constructor_whose_body_was_not_seen_keeps_everything()
    {
        var (compilation, _) = Build();
        var fates = new ConstructorParameterFates();
        var constructor = compilation.GetTypeByMetadataName("Copy")!.InstanceConstructors.Single();
        Assert.True(fates.MayKeep(constructor.Parameters[0]));
        Assert.False(ConstructorParameterFates.CanJudge(compilation.GetSpecialType(SpecialType.System_Object).InstanceConstructors.Single().Parameters.FirstOrDefault()));
    }

    private static (Compilation Compilation, ConstructorParameterFates Fates) Build()
    {
        var compilation = CompilationHelper.CreateCompilation(new[] { Source });
        var fates = new ConstructorParameterFates();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var semanticModel = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ConstructorDeclarationSyntax>())
            {
                if (semanticModel.GetOperation(node) is IConstructorBodyOperation body)
                {
                    fates.Record(body, (IMethodSymbol)semanticModel.GetDeclaredSymbol(node)!);
                }
            }
        }

        return (compilation, fates);
    }
}
