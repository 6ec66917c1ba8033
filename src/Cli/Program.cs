using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SafeCache.Cli.Commands;
using SafeCache.Cli.Reports;

namespace SafeCache.Cli;

/// <summary>
/// <c>safecache scan|fix|rules</c>. Exit codes: 0 clean, 1 findings, 2 usage or load error with a one-line reason
/// (the stack trace only with --verbose).
/// </summary>
internal static class Program
{
    private static readonly Option<bool> s_verbose = new("--verbose") { Description = "Show stack traces and the first compiler errors, and split the scan time between the compiler and each analyzer (costs a second compile)", Recursive = true };

    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var root = new RootCommand("Audit C# code with the SafeCache analyzers: scan a solution, project or folder, keep a baseline, apply fixes.")
        {
            ScanCommandLine(),
            FixCommandLine(),
            RulesCommandLine(),
        };
        root.Options.Add(s_verbose);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var message = string.Join(' ', parsed.Errors[0].Message.Split(new[] { '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
            Console.Error.WriteLine($"safecache: error: {message} (see 'safecache --help')");
            return ExitCodes.Error;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancel.Token).ConfigureAwait(false);
    }

    private static Command ScanCommandLine()
    {
        var path = PathArgument();
        var format = new Option<string>("--format", "-f") { Description = "Report format", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to FILE instead of the console" };
        var baseline = new Option<string?>("--baseline") { Description = "Report only findings not recorded in this baseline FILE" };
        var writeBaseline = new Option<string?>("--write-baseline") { Description = "Record the current findings in FILE" };
        var rules = RulesOption();
        var severity = new Option<string>("--severity") { Description = "Lowest severity that is reported and fails the scan: error, warning, suggestion or silent", DefaultValueFactory = _ => "suggestion" };
        severity.AcceptOnlyFromAmong("error", "warning", "suggestion", "info", "silent", "hidden");
        var noBuild = NoBuildOption();
        var exclude = ExcludeOption();
        var noProgress = NoProgressOption();

        var command = new Command("scan", "Report SafeCache findings in a .sln/.slnx/.csproj or a folder of C# files")
        {
            path, format, output, baseline, writeBaseline, rules, severity, noBuild, exclude, noProgress,
        };
        command.SetAction((result, token) => Guard(result, () => ScanCommand.RunAsync(
            new ScanOptions(
                result.GetValue(path)!,
                result.GetValue(format)!,
                result.GetValue(output),
                result.GetValue(baseline),
                result.GetValue(writeBaseline),
                SplitRules(result.GetValue(rules)),
                Severities.Parse(result.GetValue(severity)!),
                result.GetValue(noBuild),
                result.GetValue(exclude) ?? Array.Empty<string>(),
                !result.GetValue(noProgress),
                result.GetValue(s_verbose)),
            Console.Out,
            Console.Error,
            token)));
        return command;
    }

    private static Command FixCommandLine()
    {
        var path = PathArgument();
        var rules = RulesOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print a unified diff instead of writing files" };
        var force = new Option<bool>("--force") { Description = "Write even into files with uncommitted changes" };
        var noBuild = NoBuildOption();
        var exclude = ExcludeOption();
        var noProgress = NoProgressOption();

        var command = new Command("fix", "Apply every available SafeCache fix (each finding's preferred fix) and write the files back")
        {
            path, rules, dryRun, force, noBuild, exclude, noProgress,
        };
        command.SetAction((result, token) => Guard(result, () => FixCommand.RunAsync(
            new FixOptions(
                result.GetValue(path)!,
                SplitRules(result.GetValue(rules)),
                result.GetValue(dryRun),
                result.GetValue(force),
                result.GetValue(noBuild),
                result.GetValue(exclude) ?? Array.Empty<string>(),
                !result.GetValue(noProgress)),
            Console.Out,
            Console.Error,
            token)));
        return command;
    }

    private static Command RulesCommandLine()
    {
        var command = new Command("rules", "List the rules: ID, title, category, default severity, fixes and docs");
        command.SetAction(result => Guard(result, () => Task.FromResult(RulesCommand.Run(Console.Out))).GetAwaiter().GetResult());
        return command;
    }

    private static Argument<string> PathArgument() => new("path") { Description = "A .sln, .slnx or .csproj file, or a folder of C# files" };

    private static Option<string?> RulesOption() => new("--rules") { Description = "Only these rules, comma-separated (SC0001,SC0003)" };

    private static Option<bool> NoBuildOption() => new("--no-build") { Description = "Do not load projects through MSBuild: compile every *.cs under the folder against the framework" };

    private static Option<string[]> ExcludeOption() => new("--exclude") { Description = "Skip files and folders matching GLOB (repeatable), e.g. tests or **/*.g.cs" };

    private static Option<bool> NoProgressOption() => new("--no-progress") { Description = "No progress line on the terminal" };

    private static IReadOnlyList<string> SplitRules(string? rules)
        => rules?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? Array.Empty<string>();

    // Usage and load problems end in one line and exit code 2; the stack trace is for --verbose.
    private static async Task<int> Guard(ParseResult result, Func<Task<int>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("safecache: cancelled");
            return ExitCodes.Error;
        }
        catch (Exception e)
        {
            var reason = e is UsageException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            Console.Error.WriteLine($"safecache: error: {reason.ReplaceLineEndings(" ")}");
            if (result.GetValue(s_verbose))
            {
                Console.Error.WriteLine(e);
            }

            return ExitCodes.Error;
        }
    }
}
