using Npgsql;

namespace AgentChat.Bench.Measuring;

/// <summary>What the bench reads straight from the Api's database: its connections and its unfinished answers.</summary>
public sealed class PostgresProbe(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    /// <summary>Every session the server has, the probe's own included (constant, so it cannot make a slope).</summary>
    public Task<long> ConnectionsAsync() => CountAsync("SELECT count(*) FROM pg_stat_activity");

    /// <summary>Messages still marked streaming: after the load has stopped and every answer ended, any is stuck.</summary>
    public Task<long> StreamingMessagesAsync() => CountAsync("""SELECT count(*) FROM messages WHERE "Status" = 'Streaming'""");

    private async Task<long> CountAsync(string sql)
    {
        await using var command = _source.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
