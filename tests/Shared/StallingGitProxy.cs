// Compiled both by the xunit project (nullable on) and by pwsh Add-Type (nullable off): written without annotations.
#nullable disable
// A hostile git server for tests: a TCP proxy on 127.0.0.1 in front of a real smart-HTTP git
// server (LoopbackHttpServer.ServeGit). The handshake (GET info/refs) passes through whole;
// the answer to the pack request (POST git-upload-pack) is cut after a part of the pack, and the
// connection is then held open, sending nothing, until the proxy is disposed: a server that stalls.
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace StackPack.Testing
{
    public sealed class StallingGitProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly int _upstreamPort;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private int _stalled;

        public StallingGitProxy(int upstreamPort)
        {
            _upstreamPort = upstreamPort;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            Task.Run(AcceptLoop);
        }

        public int Port { get; }

        /// <summary>How many pack answers were cut and stalled so far.</summary>
        public int Stalled => Volatile.Read(ref _stalled);

        public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                _ = Task.Run(() => Relay(client));
            }
        }

        private async Task Relay(TcpClient client)
        {
            using (client)
            using (var upstream = new TcpClient())
            {
                try
                {
                    await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort).ConfigureAwait(false);
                    var fromClient = client.GetStream();
                    var toServer = upstream.GetStream();
                    var first = new byte[65536];
                    var read = await fromClient.ReadAsync(first.AsMemory(0, first.Length)).ConfigureAwait(false);
                    if (read <= 0) return;
                    var isPackRequest = read >= 4 && first[0] == 'P' && first[1] == 'O' && first[2] == 'S' && first[3] == 'T';
                    await toServer.WriteAsync(first.AsMemory(0, read)).ConfigureAwait(false);
                    _ = fromClient.CopyToAsync(toServer, 65536, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                    if (!isPackRequest)
                    {
                        await toServer.CopyToAsync(fromClient, 65536, _stop.Token).ConfigureAwait(false);
                        return;
                    }

                    // The server closes after each answer (Connection: close): read it whole, send part.
                    var answer = new MemoryStream();
                    await toServer.CopyToAsync(answer, 65536, _stop.Token).ConfigureAwait(false);
                    var bytes = answer.ToArray();
                    await fromClient.WriteAsync(bytes.AsMemory(0, bytes.Length / 2)).ConfigureAwait(false);
                    await fromClient.FlushAsync().ConfigureAwait(false);
                    Interlocked.Increment(ref _stalled);
                    await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) { }
                catch (IOException) { }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
