using Npgsql;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// Holds a table of one test database in ACCESS EXCLUSIVE mode until disposed, so that every query
/// of it waits: a way to hold a request at its database step while the test acts meanwhile.
/// </summary>
public sealed class TableLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<TableLock> TakeAsync(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"LOCK TABLE \"{table}\" IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }
        return new TableLock(connection, transaction);
    }

    /// <summary>Returns once another session of this database waits on a lock (this one, in practice).</summary>
    public async Task WaitUntilSomeoneWaitsAsync()
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
            _connection, _transaction);
        await Eventually.HoldsAsync(async () => (long)(await command.ExecuteScalarAsync())! > 0, "No query came to wait on the lock.");
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _connection.DisposeAsync();
    }
}
