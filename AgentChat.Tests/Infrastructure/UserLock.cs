using Npgsql;

namespace AgentChat.Tests.Infrastructure;

/// <summary>
/// Holds a user's lock, the PostgreSQL advisory lock a turn, a retraction and a deletion take
/// for that user, until released: a way to line those requests up while the test acts meanwhile.
/// </summary>
public sealed class UserLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _userId;
    private bool _held = true;

    private UserLock(NpgsqlConnection connection, string userId)
    {
        _connection = connection;
        _userId = userId;
    }

    /// <summary>Takes the lock of the user who owns <paramref name="conversationId"/>.</summary>
    public static async Task<UserLock> TakeForOwnerOfAsync(string connectionString, Guid conversationId)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var owner = new NpgsqlCommand("""SELECT "OwnerId" FROM conversations WHERE "Id" = $1""", connection)
        {
            Parameters = { new() { Value = conversationId } }
        };
        var userId = (string)(await owner.ExecuteScalarAsync())!;
        await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext($1))", connection) { Parameters = { new() { Value = userId } } };
        await take.ExecuteNonQueryAsync();
        return new UserLock(connection, userId);
    }

    /// <summary>Returns once <paramref name="count"/> sessions of this database wait on an advisory lock.</summary>
    public async Task WaitUntilWaitingAsync(int count)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'", _connection);
        await Eventually.HoldsAsync(async () => (long)(await command.ExecuteScalarAsync())! >= count,
            $"Fewer than {count} requests came to wait on the user's lock.");
    }

    public async Task ReleaseAsync()
    {
        if (_held)
        {
            _held = false;
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext($1))", _connection) { Parameters = { new() { Value = _userId } } };
            await release.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await _connection.DisposeAsync();
    }
}
