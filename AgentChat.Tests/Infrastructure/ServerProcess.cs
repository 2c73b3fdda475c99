using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace AgentChat.Tests.Infrastructure;

/// <summary>A server process the tests own: started, waited for, and stopped with its output kept for errors.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public static ServerProcess Start(string fileName, params string[] args) =>
        Start(fileName, new Dictionary<string, string?>(), args);

    public static ServerProcess Start(string fileName, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        return new ServerProcess(process);
    }

    /// <summary>Waits until the port accepts connections (and, for PostgreSQL, <paramref name="ready"/> says so).</summary>
    public async Task WaitUntilListeningAsync(int port, TimeSpan timeout, Func<Task<bool>>? ready = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Server exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                if (ready is null || await ready())
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Server did not listen on {port} within {timeout}:\n{Output}");
    }

    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
