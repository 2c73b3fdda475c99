using System.Net;
using System.Net.Sockets;

namespace AgentChat.Tests.Browser;

/// <summary>
/// Sits between the browser and Web so a test can cut the network: <see cref="Cut"/> drops every
/// open connection (the WebSocket included) and turns new ones away until <see cref="Restore"/>,
/// as a Wi-Fi outage would.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private volatile int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Client.Close(0);
            }
            _open.Clear();
        }
    }

    public void Restore() => _cut = false;

    /// <summary>New connections go to <paramref name="port"/> from now on (open ones stay where they are).</summary>
    public void Retarget(int port) => _targetPort = port;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ContinueWith(_ => { });
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient browser;
            try
            {
                browser = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            if (_cut)
            {
                browser.Client.Close(0);
                continue;
            }
            _ = PairAsync(browser);
        }
    }

    private async Task PairAsync(TcpClient browser)
    {
        using var web = new TcpClient();
        try
        {
            await web.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            lock (_open)
            {
                _open.Add(browser);
                _open.Add(web);
            }
            var up = browser.GetStream().CopyToAsync(web.GetStream(), _stopping.Token);
            var down = web.GetStream().CopyToAsync(browser.GetStream(), _stopping.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception)
        {
            // A cut or a closed side ends the pair; either way both sockets close below.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(browser);
                _open.Remove(web);
            }
            browser.Dispose();
        }
    }
}
