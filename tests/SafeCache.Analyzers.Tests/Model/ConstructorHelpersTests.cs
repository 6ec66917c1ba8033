using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SafeCache.Analyzers.Model;

namespace SafeCache.Analyzers.Tests.Model;

public sealed class ConstructorHelpersTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;

        class Shape
        {
            private int _sides;
            public Shape(int sides) { Init(sides); }
            public Shape() : this(3) { Reset(); }
            private void Init(int sides) { _sides = sides; Normalize(); }
            private void Normalize() => _sides = Math.Max(_sides, 3);
            private void Reset() => _sides = 0;
            public void Clear() => Reset();
            private void Grow() => _sides++;
            public Action Grower() => Grow;
            protected void Configure() => _sides = 4;
            private void Unused() => _sides = 5;
        }

        sealed class Square : Shape
        {
            public Square() { Configure(); }
        }
        """;

    [Theory]
    [InlineData("Init", true)]       // called by a constructor on 'this'
    [InlineData("Normalize", true)]  // called only by a helper that only constructors call
    [InlineData("Configure", true)]  // protected, called by a subclass's constructor
    [InlineData("Reset", false)]     // also called by a public method
    [InlineData("Grow", false)]      // a method group: a delegate may run it later
    [InlineData("Unused", false)]    // never called
    public void Helpers_only_constructors_call_run_while_the_object_is_built(string name, bool expected)
    {
        var (compilation, helpers) = Build();
        var method = compilation.GetSymbolsWithName(name, SymbolFilter.Member).OfType<IMethodSymbol>().Single();
        Assert.Equal(expected, helpers.RunsOnlyInConstructors(method));
    }

    [Fact]
    public void A_call_on_another_instance_is_not_construction()
    {
        // Init is also called on 'other', so it can change an object that is already built.
        var source = Source.Replace("public Shape() : this(3) { Reset(); }", "public Shape() : this(3) { Reset(); }\n    public Shape(Shape other) { other.Init(4); }");
        var (compilation, helpers) = Build(source);
        var init = compilation.GetSymbolsWithName("Init", SymbolFilter.Member).OfType<IMethodSymbol>().Single();
        Assert.False(helpers.RunsOnlyInConstructors(init));
    }

    private static (Compilation Compilation, ConstructorHelpers Helpers) Build(string source = Source)
    {
        var compilation = ModelHarness.Create(source).Compilation;
        var helpers = new ConstructorHelpers(compilation);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var semanticModel = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var caller = semanticModel.GetEnclosingSymbol(node.SpanStart);
                switch (semanticModel.GetOperation(node))
                {
                    case IInvocationOperation invocation when invocation.Syntax == node && caller is not null:
                        helpers.RecordInvocation(invocation, caller);
                        break;
                    case IMethodReferenceOperation reference when reference.Syntax == node:
                        helpers.RecordReference(reference);
                        break;
                }
            }
        }

        return (compilation, helpers);
    }
}
