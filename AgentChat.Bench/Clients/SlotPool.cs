namespace AgentChat.Bench.Clients;

/// <summary>
/// Simulated users, each with up to <c>slotsPerUser</c> tabs (connection + conversation), so a
/// user never has more answers generating at once than the Api's per-user limit allows.
/// </summary>
public sealed class SlotPool : IAsyncDisposable
{
    /// <summary>Registration hashes passwords; more at once only queues on the server's cores.</summary>
    private const int ParallelSetups = 4;

    private readonly List<StreamSlot> _slots = [];

    public IReadOnlyList<StreamSlot> Slots => _slots;

    /// <param name="joinConversations">Each tab joins its conversation up front, as a tab that has the conversation open would.</param>
    /// <param name="coldEvery">With <paramref name="joinConversations"/>, every n-th tab still does not (0: none): its first send is a cold join.</param>
    public static async Task<SlotPool> CreateAsync(HttpClient http, Uri server, int slots, int slotsPerUser,
        bool joinConversations = false, int coldEvery = 0)
    {
        var pool = new SlotPool();
        var users = (slots + slotsPerUser - 1) / slotsPerUser;
        var created = new StreamSlot[users][];
        try
        {
            await Parallel.ForAsync(0, users, new ParallelOptions { MaxDegreeOfParallelism = ParallelSetups }, async (u, _) =>
            {
                var user = await BenchUser.RegisterAsync(http);
                var agent = await user.FirstAgentAsync();
                var mine = Math.Min(slotsPerUser, slots - u * slotsPerUser);
                created[u] = new StreamSlot[mine];
                for (var i = 0; i < mine; i++)
                {
                    var conversation = await user.CreateConversationAsync(agent);
                    var connection = await ChatClientConnection.ConnectAsync(server, user.AccessToken);
                    created[u][i] = new StreamSlot(user, connection, conversation);
                    var index = u * slotsPerUser + i;
                    if (joinConversations && (coldEvery <= 0 || index % coldEvery != coldEvery - 1))
                    {
                        await created[u][i].JoinAsync();
                    }
                }
            });
        }
        catch
        {
            pool._slots.AddRange(created.Where(u => u is not null).SelectMany(u => u).Where(s => s is not null));
            await pool.DisposeAsync();
            throw;
        }
        pool._slots.AddRange(created.SelectMany(u => u));
        return pool;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots)
        {
            await slot.Connection.DisposeAsync();
        }
    }
}
