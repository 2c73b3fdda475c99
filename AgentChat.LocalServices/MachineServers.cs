namespace AgentChat.LocalServices;

/// <summary>
/// The machine's own Redis and PostgreSQL on loopback, started the way the AppHost starts them
/// when no container runtime is there (PostgreSQL through scripts/local-postgres.sh).
/// </summary>
public static class MachineServers
{
    /// <summary>
    /// A fresh folder under the temp directory that the postgres account can reach: PostgreSQL
    /// runs as that account when the caller is root.
    /// </summary>
    public static string CreateRoot(string prefix)
    {
        var root = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        return root;
    }

    /// <summary>redis-server on 127.0.0.1:<paramref name="port"/>; nothing is persisted.</summary>
    public static ChildProcess StartRedis(string directory, int port)
    {
        Directory.CreateDirectory(directory);
        return ChildProcess.Start("redis-server",
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no",
                "--pidfile", Path.Combine(directory, "redis.pid")]);
    }

    /// <summary>
    /// Starts, detached, scripts/reap-local-servers.sh: once <paramref name="ownerProcessId"/> is gone,
    /// however it ended, it stops the PostgreSQL and Redis under <paramref name="root"/> (and what was
    /// left to it, <see cref="LeaveToReaper"/>) and removes it (nothing, after a normal stop has).
    /// </summary>
    public static System.Diagnostics.Process StartReaper(string root, int ownerProcessId)
    {
        var info = new System.Diagnostics.ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = false
        };
        foreach (var arg in new[] { "bash", Path.Combine(RepositoryRoot.Path, "scripts", "reap-local-servers.sh"), ownerProcessId.ToString(), root })
        {
            info.ArgumentList.Add(arg);
        }
        return System.Diagnostics.Process.Start(info) ?? throw new InvalidOperationException("Could not start the reaper.");
    }

    /// <summary>
    /// Leaves <paramref name="process"/>, started for the servers under <paramref name="root"/>, to
    /// the root's reaper (<see cref="StartReaper"/>) as well: it is stopped with them if their
    /// starter dies without stopping it.
    /// </summary>
    public static void LeaveToReaper(string root, string name, ChildProcess process) =>
        File.WriteAllText(Path.Combine(root, name + ".pid"), process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// PostgreSQL on 127.0.0.1:<paramref name="port"/>, initialised on first use with the password in
    /// the file. Stopped with SIGINT, its fast shutdown: SIGTERM (smart shutdown) would wait for
    /// every pooled client connection to close, which a host that still runs never does.
    /// </summary>
    public static ChildProcess StartPostgres(string dataDirectory, int port, string passwordFile, string database, params string[] serverArguments) =>
        ChildProcess.Start("bash",
        [
            Path.Combine(RepositoryRoot.Path, "scripts", "local-postgres.sh"),
            dataDirectory, port.ToString(), passwordFile, database, .. serverArguments
        ], stopSignal: "INT");
}
