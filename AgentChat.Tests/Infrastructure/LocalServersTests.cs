using System.Diagnostics;
using System.Net.Sockets;
using AgentChat.LocalServices;
using Npgsql;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// The private servers of a test or bench run never outlive it: a test host killed at the end of a
/// run runs no exit handler, and its PostgreSQL, Redis and their folder used to stay behind.
/// </summary>
public sealed class LocalServersTests
{
    [Fact]
    public async Task Servers_whose_starter_died_without_stopping_them_are_stopped_and_their_folder_removed()
    {
        using var starter = Process.Start("sleep", "600");
        // Never disposed: its starter "dies" with a client connection still open, as a killed test host would.
        var servers = await LocalServers.StartAsync("agentchat-reaper-test", "postgres", starter.Id, "-c", "fsync=off");
        await using var client = new NpgsqlConnection(servers.PostgresConnectionString("postgres") + ";Pooling=false");
        await client.OpenAsync();
        Assert.True(Directory.Exists(servers.Root));

        starter.Kill();

        await Eventually.HoldsAsync(() => !Directory.Exists(servers.Root), "The servers' folder was left behind.", TimeSpan.FromSeconds(30));
        Assert.False(await AcceptsAsync(servers.PostgresPort), "PostgreSQL still runs.");
        Assert.False(await AcceptsAsync(servers.RedisPort), "Redis still runs.");
    }

    [Fact]
    public async Task A_process_left_to_the_reaper_is_stopped_with_the_servers_when_its_starter_dies()
    {
        using var starter = Process.Start("sleep", "600");
        var root = MachineServers.CreateRoot("agentchat-reaper-test");
        using var reaper = MachineServers.StartReaper(root, starter.Id);
        using var server = ChildProcess.Start("sleep", ["600"]); // stands in for the bench's peer server
        MachineServers.LeaveToReaper(root, "peer", server);

        starter.Kill();

        await Eventually.HoldsAsync(() => !Directory.Exists(root), "The folder was left behind.", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => !IsRunning(server.Id), "The process left to the reaper still runs.", TimeSpan.FromSeconds(10));
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
