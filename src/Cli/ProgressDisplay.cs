using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace SafeCache.Cli;

/// <summary>
/// One status line on the terminal (projects and documents done, elapsed), redrawn in place on stderr. It is off
/// when stderr or stdout is redirected, so logs, pipes and CI output get only the report.
/// </summary>
internal sealed class ProgressDisplay : IDisposable
{
    private readonly TextWriter? _writer;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private string _phase = "loading";
    private string _project = string.Empty;
    private int _projectsDone;
    private int _projectsTotal;
    private int _documentsDone;
    private int _documentsTotal;
    private int _lastLength;

    public ProgressDisplay(bool enabled)
    {
        if (enabled && !Console.IsErrorRedirected && !Console.IsOutputRedirected)
        {
            _writer = Console.Error;
            _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200));
        }
    }

    public void ProjectLoaded(string name)
    {
        lock (this)
        {
            _phase = "loading";
            _project = name;
            _projectsDone++;
        }
    }

    public void StartProject(string name, int index, int total, int documents)
    {
        lock (this)
        {
            _phase = "compiling";
            _project = name;
            _projectsDone = index;
            _projectsTotal = total;
            _documentsDone = 0;
            _documentsTotal = documents;
        }
    }

    public void Analyzing()
    {
        lock (this)
        {
            _phase = "analyzing";
        }
    }

    public void DocumentDone() => Interlocked.Increment(ref _documentsDone);

    public void Dispose()
    {
        _timer?.Dispose();
        lock (this)
        {
            if (_writer is not null && _lastLength > 0)
            {
                _writer.Write("\r" + new string(' ', _lastLength) + "\r");
                _writer.Flush();
                _lastLength = 0;
            }
        }
    }

    private void Draw()
    {
        lock (this)
        {
            if (_writer is null)
            {
                return;
            }

            var projects = _projectsTotal > 0 ? $"project {_projectsDone + 1}/{_projectsTotal}" : $"{_projectsDone} projects";
            var documents = _documentsTotal > 0 ? $", {Volatile.Read(ref _documentsDone)}/{_documentsTotal} documents" : string.Empty;
            var line = $"{_phase} {_project} ({projects}{documents}) {_elapsed.Elapsed.TotalSeconds:0.0}s";
            var width = Math.Max(20, SafeWindowWidth() - 1);
            if (line.Length > width)
            {
                line = line.Substring(0, width);
            }

            _writer.Write("\r" + line.PadRight(_lastLength));
            _writer.Flush();
            _lastLength = line.Length;
        }
    }

    private static int SafeWindowWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
