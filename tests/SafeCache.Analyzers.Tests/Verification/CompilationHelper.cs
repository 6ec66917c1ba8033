using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SafeCache.Analyzers.Tests.Verification;

/// <summary>
/// Compiles test code with the same references and options as the verifiers, for end-to-end tests that
/// run "before" and "after" code in a collectible <see cref="AssemblyLoadContext"/>.
/// </summary>
public static class CompilationHelper
{
    /// <summary>Removes <c>[|…|]</c> / <c>{|ID:…|}</c> markup, so a test can compile the source it analyzes.</summary>
    public static string StripMarkup(string markup) => TestOptions.StripMarkup(markup);

    /// <summary>Creates a compilation of <paramref name="sources"/> (markup is NOT stripped).</summary>
    public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, string assemblyName = "TestAssembly", OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, TestOptions.ParseOptions, path: TestOptions.DocumentPath(i)));
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            TestReferences.All,
            TestOptions.CompilationOptions.WithOutputKind(outputKind));
    }

    /// <summary>Compiles and emits <paramref name="sources"/> to an in-memory assembly; throws <see cref="InvalidOperationException"/> listing the errors if it does not compile.</summary>
    public static byte[] Emit(params string[] sources) => Emit(sources, "TestAssembly_" + Guid.NewGuid().ToString("N"));

    public static byte[] Emit(IEnumerable<string> sources, string assemblyName)
    {
        var compilation = CreateCompilation(sources, assemblyName);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
            throw new InvalidOperationException("Compilation failed:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)));
        }

        return stream.ToArray();
    }

    /// <summary>Loads an emitted assembly into a new collectible context. Dispose the result to unload it.</summary>
    public static LoadedAssembly Load(byte[] image)
    {
        var context = new AssemblyLoadContext("SafeCacheTest_" + Guid.NewGuid().ToString("N"), isCollectible: true);
        using var stream = new MemoryStream(image);
        return new LoadedAssembly(context, context.LoadFromStream(stream));
    }

    /// <summary>Emits and loads <paramref name="sources"/> in one step.</summary>
    public static LoadedAssembly EmitAndLoad(params string[] sources) => Load(Emit(sources));
}

/// <summary>An assembly loaded in a collectible context; <see cref="Dispose"/> unloads the context.</summary>
public sealed class LoadedAssembly : IDisposable
{
    internal LoadedAssembly(AssemblyLoadContext context, Assembly assembly)
    {
        Context = context;
        Assembly = assembly;
    }

    public AssemblyLoadContext Context { get; }

    public Assembly Assembly { get; }

    public Type GetType(string fullName)
        => Assembly.GetType(fullName, throwOnError: true)!;

    /// <summary>Invokes a static method by name (public or not).</summary>
    public object? InvokeStatic(string typeName, string methodName, params object?[] arguments)
    {
        var method = GetType(typeName).GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new MissingMethodException(typeName, methodName);
        return method.Invoke(null, arguments);
    }

    public void Dispose() => Context.Unload();
}
