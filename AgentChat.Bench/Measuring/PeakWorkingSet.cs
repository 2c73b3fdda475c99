namespace AgentChat.Bench.Measuring;

/// <summary>Samples a process's working set in the background and keeps the highest seen.</summary>
public sealed class PeakWorkingSet : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    public PeakWorkingSet(ProcessMeter meter)
    {
        _peak = meter.WorkingSetBytes();
        _sampling = SampleAsync(meter);
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    private async Task SampleAsync(ProcessMeter meter)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var now = meter.WorkingSetBytes();
                if (now > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, now);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
