using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace SafeCache.Cli.Tests;

public sealed class FixTests
{
    [Fact]
    public void Dry_run_prints_a_unified_diff_and_leaves_files_untouched()
    {
        using var folder = CopyOfSample();
        var before = Snapshot(folder);

        var result = Cli.Run(folder.Path, "fix", ".", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(before, Snapshot(folder));
        Assert.Contains("--- a/ReportBuilder.cs\n+++ b/ReportBuilder.cs\n@@ -", result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\n-", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n+", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("dry run", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fix_writes_code_that_compiles_and_removes_the_fixable_findings()
    {
        using var folder = CopyOfSample();
        var before = Snapshot(folder);
        var findingsBefore = await Oracle.FindingsAsync(folder.Path);

        var result = Cli.Run(folder.Path, "fix", ".");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEqual(before, Snapshot(folder));
        Assert.Empty(Oracle.CompilerErrors(folder.Path));
        var findingsAfter = await Oracle.FindingsAsync(folder.Path);
        Assert.True(findingsAfter.Count < findingsBefore.Count, string.Join("\n", findingsAfter));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fix_keeps_each_files_byte_order_mark_as_it_was(bool withByteOrderMark)
    {
        using var folder = new TempFolder();
        var path = folder.Write("Report.cs", string.Empty);
        File.WriteAllText(path, Snippets.LeakyReport, new UTF8Encoding(withByteOrderMark));

        var result = Cli.Run(folder.Path, "fix", ".");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEqual(Snippets.LeakyReport, folder.Read("Report.cs"));
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(withByteOrderMark, bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF);
    }

    [Fact]
    public void Fix_refuses_files_with_uncommitted_changes_unless_forced()
    {
        using var folder = new TempFolder();
        folder.Write("Report.cs", Snippets.LeakyReport);
        Git(folder.Path, "init", "-q");
        Git(folder.Path, "add", ".");
        Git(folder.Path, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "initial");
        var edited = folder.Read("Report.cs") + "\n// work in progress\n";
        folder.Write("Report.cs", edited);

        var refused = Cli.Run(folder.Path, "fix", ".");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("uncommitted changes (Report.cs)", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(edited, folder.Read("Report.cs"));

        var forced = Cli.Run(folder.Path, "fix", ".", "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.NotEqual(edited, folder.Read("Report.cs"));
        Assert.Contains("// work in progress", folder.Read("Report.cs"), StringComparison.Ordinal);
    }

    private static TempFolder CopyOfSample()
    {
        var folder = new TempFolder();
        var sample = Path.Combine(Cli.RepositoryRoot(), "samples", "LeakyService");
        foreach (var file in Directory.GetFiles(sample, "*.cs"))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        }

        return folder;
    }

    private static string Snapshot(TempFolder folder)
        => string.Join("\n", Directory.GetFiles(folder.Path, "*.cs").OrderBy(f => f, StringComparer.Ordinal).Select(f => Path.GetFileName(f) + "\n" + File.ReadAllText(f)));

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {output}");
    }
}
