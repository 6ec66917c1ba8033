using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace SafeCache.Cli.Fixing;

/// <summary>
/// Which of the files a fix would write have uncommitted changes (or are untracked) in their git work tree: writing
/// over them could lose edits nobody can get back. Files outside a work tree, or with no git installed, are fine.
/// </summary>
internal static class GitWorkTree
{
    public static IReadOnlyList<string> UncommittedFiles(IEnumerable<string> files)
    {
        var dirty = new List<string>();
        foreach (var folder in files.GroupBy(f => Path.GetDirectoryName(f)!))
        {
            var top = Run(folder.Key, "rev-parse", "--show-toplevel");
            if (top is null)
            {
                continue;
            }

            var status = Run(folder.Key, new[] { "status", "--porcelain", "--untracked-files=all", "--" }.Concat(folder.Select(Path.GetFileName)!).ToArray()!);
            if (!string.IsNullOrWhiteSpace(status))
            {
                var changed = status.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => Path.GetFileName(line.Substring(3).Trim().Trim('"'))).ToHashSet(StringComparer.Ordinal);
                dirty.AddRange(folder.Where(f => changed.Contains(Path.GetFileName(f))));
            }
        }

        return dirty;
    }

    // Null when git is missing or the folder is not in a work tree.
    private static string? Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
