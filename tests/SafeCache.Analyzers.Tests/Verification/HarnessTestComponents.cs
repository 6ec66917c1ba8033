using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SafeCache.Analyzers.Tests.Verification;

// Test-only analyzers and fixers used to prove the harness right (HarnessTests).
// They live in the net10.0 test assembly next to Workspaces and are never shipped or loaded by a compiler, so the
// Microsoft.CodeAnalysis.Analyzers rules for shipping analyzers (netstandard2.0 target, no Workspaces reference,
// EnforceExtendedAnalyzerRules, release tracking) do not apply to them.
#pragma warning disable RS1036, RS1038, RS1041, RS2008

/// <summary>
/// TEST0001 on the name of every <c>int</c> field; TEST0002 on the whole declaration of a <c>static int</c> field.
/// The message carries the <c>test_harness.note</c> editorconfig option ("none" when unset).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IntFieldAnalyzer : DiagnosticAnalyzer
{
    public const string IntFieldId = "TEST0001";
    public const string StaticIntFieldId = "TEST0002";

    public static readonly DiagnosticDescriptor IntField = new(
        IntFieldId, "int field", "Field '{0}' is an int (note: {1})", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor StaticIntField = new(
        StaticIntFieldId, "static int field", "Static int field declaration", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(IntField, StaticIntField);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(AnalyzeField, SyntaxKind.FieldDeclaration);
    }

    private static void AnalyzeField(SyntaxNodeAnalysisContext context)
    {
        var field = (FieldDeclarationSyntax)context.Node;
        var type = context.SemanticModel.GetTypeInfo(field.Declaration.Type, context.CancellationToken).Type;
        if (type?.SpecialType != SpecialType.System_Int32)
        {
            return;
        }

        var note = context.Options.AnalyzerConfigOptionsProvider.GetOptions(field.SyntaxTree).TryGetValue("test_harness.note", out var value)
            ? value
            : "none";
        if (field.Modifiers.Any(SyntaxKind.StaticKeyword))
        {
            context.ReportDiagnostic(Diagnostic.Create(StaticIntField, field.GetLocation()));
        }

        foreach (var variable in field.Declaration.Variables)
        {
            context.ReportDiagnostic(Diagnostic.Create(IntField, variable.Identifier.GetLocation(), variable.Identifier.ValueText, note));
        }
    }
}

/// <summary>Throws on every class declaration: must surface as AD0001.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = new(
        "TEST0009", "throws", "never reported", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSyntaxNodeAction(_ => throw new InvalidOperationException("Boom from ThrowingAnalyzer"), SyntaxKind.ClassDeclaration);
    }
}

/// <summary>Base for TEST0001 fixers: rewrites the field declaration's type.</summary>
public abstract class IntFieldFixerBase : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(IntFieldAnalyzer.IntFieldId);

    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    protected static async Task<FieldDeclarationSyntax?> FindFieldAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        return root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<FieldDeclarationSyntax>().FirstOrDefault();
    }

    protected static CodeAction ChangeType(Document document, FieldDeclarationSyntax field, string typeName, string title)
        => CodeAction.Create(
            title,
            async ct =>
            {
                var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                var oldType = field.Declaration.Type;
                var newType = SyntaxFactory.ParseTypeName(typeName).WithTriviaFrom(oldType);
                return document.WithSyntaxRoot(root!.ReplaceNode(oldType, newType));
            },
            equivalenceKey: title);
}

/// <summary>Correct fix: <c>int</c> → <c>long</c>. Offers nothing for fields named <c>keep…</c> (so some diagnostics remain).</summary>
public sealed class UseLongFixer : IntFieldFixerBase
{
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FindFieldAsync(context).ConfigureAwait(false) is { } field
            && !field.Declaration.Variables.Any(v => v.Identifier.ValueText.StartsWith("keep", StringComparison.Ordinal)))
        {
            context.RegisterCodeFix(ChangeType(context.Document, field, "long", "UseLong"), context.Diagnostics);
        }
    }
}

/// <summary>Broken fix: the new type does not exist.</summary>
public sealed class NonCompilingFixer : IntFieldFixerBase
{
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FindFieldAsync(context).ConfigureAwait(false) is { } field)
        {
            context.RegisterCodeFix(ChangeType(context.Document, field, "NoSuchType", "Break"), context.Diagnostics);
        }
    }
}

/// <summary>Registers an action that returns the document unchanged.</summary>
public sealed class DoNothingFixer : IntFieldFixerBase
{
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        context.RegisterCodeFix(
            CodeAction.Create("Nothing", _ => Task.FromResult(context.Document), equivalenceKey: "Nothing"),
            context.Diagnostics);
        return Task.CompletedTask;
    }
}

/// <summary>Registers two actions: "UseLong" and "UseShort".</summary>
public sealed class TwoActionsFixer : IntFieldFixerBase
{
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FindFieldAsync(context).ConfigureAwait(false) is { } field)
        {
            context.RegisterCodeFix(ChangeType(context.Document, field, "long", "UseLong"), context.Diagnostics);
            context.RegisterCodeFix(ChangeType(context.Document, field, "short", "UseShort"), context.Diagnostics);
        }
    }
}

/// <summary>Changes the text after the diagnostic but never removes it: same diagnostics before and after.</summary>
public sealed class AppendCommentFixer : IntFieldFixerBase
{
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FindFieldAsync(context).ConfigureAwait(false) is not { } field)
        {
            return;
        }

        var document = context.Document;
        context.RegisterCodeFix(
            CodeAction.Create(
                "AppendComment",
                async ct =>
                {
                    var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                    var newField = field.WithTrailingTrivia(field.GetTrailingTrivia().Insert(0, SyntaxFactory.Comment(" /* still int */")));
                    return document.WithSyntaxRoot(root!.ReplaceNode(field, newField));
                },
                equivalenceKey: "AppendComment"),
            context.Diagnostics);
    }
}

/// <summary>Moves the diagnostic on every application (prefixes a comment) without fixing it: an infinite loop.</summary>
public sealed class PrependCommentFixer : IntFieldFixerBase
{
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await FindFieldAsync(context).ConfigureAwait(false) is not { } field)
        {
            return;
        }

        var document = context.Document;
        context.RegisterCodeFix(
            CodeAction.Create(
                "PrependComment",
                async ct =>
                {
                    var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                    var type = field.Declaration.Type;
                    var newType = type.WithLeadingTrivia(type.GetLeadingTrivia().Add(SyntaxFactory.Comment("/*x*/")));
                    return document.WithSyntaxRoot(root!.ReplaceNode(type, newType));
                },
                equivalenceKey: "PrependComment"),
            context.Diagnostics);
    }
}
