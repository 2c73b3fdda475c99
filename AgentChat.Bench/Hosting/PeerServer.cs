using AgentChat.Bench.Measuring;
using AgentChat.LocalServices;

namespace AgentChat.Bench.Hosting;

/// <summary>
/// The peer (AgentChat.Bench/Peer/server.mjs, on resumable-stream and redis) as its own node
/// process on a free loopback port, with a Redis of its own so neither side's Redis figures
/// include the other's. Installs its packages with <c>npm ci</c> when they are missing or stale.
/// </summary>
public sealed class PeerServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private readonly string _root;
    private readonly ChildProcess _redis;
    private readonly ChildProcess _node;

    private PeerServer(string root, ChildProcess redis, string redisConnectionString, ChildProcess node, Uri baseAddress)
    {
        _root = root;
        _redis = redis;
        _node = node;
        RedisConnectionString = redisConnectionString;
        BaseAddress = baseAddress;
        Meter = new ProcessMeter(node.Id);
    }

    public static string Folder => Path.Combine(RepositoryRoot.Path, "AgentChat.Bench", "Peer");

    public Uri BaseAddress { get; }
    public string RedisConnectionString { get; }
    public ProcessMeter Meter { get; }

    /// <summary>Why the peer cannot run on this machine, or null when it can.</summary>
    public static string? MissingTool() =>
        OnPath("node") is null ? "node is not installed (Node 18 or later runs the peer)"
        : OnPath("npm") is null ? "npm is not installed (it installs the peer's packages)"
        : null;

    /// <param name="logPath">Where the node server's console output goes.</param>
    public static async Task<PeerServer> StartAsync(string logPath)
    {
        await InstallPackagesAsync(logPath);
        var root = MachineServers.CreateRoot("agentchat-bench-peer");
        // A bench stopped with Ctrl+C or killed leaves neither server running.
        using var reaper = MachineServers.StartReaper(root, Environment.ProcessId);
        var redisPort = FreePort.Next();
        var redis = MachineServers.StartRedis(Path.Combine(root, "redis"), redisPort);
        ChildProcess? node = null;
        try
        {
            await redis.WaitUntilReadyAsync(redisPort, StartTimeout);
            var port = FreePort.Next();
            node = ChildProcess.Start("node", ["--expose-gc", "server.mjs"], new Dictionary<string, string>
            {
                ["REDIS_URL"] = $"redis://127.0.0.1:{redisPort}",
                ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["NODE_ENV"] = "production"
            }, Folder, logPath);
            MachineServers.LeaveToReaper(root, "peer", node);
            var peer = new PeerServer(root, redis, $"127.0.0.1:{redisPort}", node, new Uri($"http://127.0.0.1:{port}"));
            await node.WaitUntilReadyAsync(port, StartTimeout);
            return peer;
        }
        catch
        {
            node?.Dispose();
            redis.Dispose();
            throw;
        }
    }

    /// <summary>npm ci from the committed lock file, when node_modules is missing or older than it.</summary>
    private static async Task InstallPackagesAsync(string logPath)
    {
        var installed = Path.Combine(Folder, "node_modules", ".package-lock.json");
        var lockFile = Path.Combine(Folder, "package-lock.json");
        if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))
        {
            return;
        }
        Console.WriteLine("  npm ci (the peer's packages)");
        using var npm = ChildProcess.Start("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], null, Folder, logPath + ".npm");
        using var timeout = new CancellationTokenSource(InstallTimeout);
        var exitCode = await npm.WaitForExitAsync(timeout.Token);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed ({exitCode}) in {Folder}:\n{npm.RecentOutput}");
        }
    }

    private static string? OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool)).FirstOrDefault(File.Exists);

    public void Dispose()
    {
        _node.Dispose();
        _redis.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
