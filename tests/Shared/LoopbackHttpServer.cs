// A tiny real HTTP/1.1 server on 127.0.0.1 for tests (shared by the xunit and Pester suites).
// Each response is scripted per path: status, body, headers, a delay, ETag handling, or a
// dropped connection. It also answers proxy-style requests ("GET http://host/path"), so a
// test can prove that a request went through a proxy.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace StackPack.Testing
{
    public sealed class LoopbackRequest
    {
        public string Method { get; set; } = "";
        public string Target { get; set; } = "";
        public string Path { get; set; } = "";
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public string Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    }

    public sealed class LoopbackResponse
    {
        public int Status { get; set; } = 200;
        public byte[] Body { get; set; } = Array.Empty<byte>();
        public string ContentType { get; set; } = "application/json";
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public int DelayMilliseconds { get; set; }
        /// <summary>Answer 304 when the request's If-None-Match equals this ETag.</summary>
        public string ETag { get; set; }
        /// <summary>Close the connection without answering.</summary>
        public bool Drop { get; set; }
    }

    public sealed class LoopbackHttpServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentDictionary<string, LoopbackResponse> _routes = new ConcurrentDictionary<string, LoopbackResponse>();
        private readonly ConcurrentQueue<LoopbackRequest> _requests = new ConcurrentQueue<LoopbackRequest>();

        public LoopbackHttpServer()
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            Task.Run(AcceptLoop);
        }

        public int Port { get; }

        public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

        public LoopbackRequest[] Requests => _requests.ToArray();

        public void ClearRequests() { while (_requests.TryDequeue(out _)) { } }

        public LoopbackResponse Set(string path, int status, string body, string etag = null, int delayMilliseconds = 0)
        {
            var response = new LoopbackResponse { Status = status, Body = Encoding.UTF8.GetBytes(body ?? ""), ETag = etag, DelayMilliseconds = delayMilliseconds };
            _routes[path] = response;
            return response;
        }

        public LoopbackResponse SetBytes(string path, int status, byte[] body, string contentEncoding = null)
        {
            var response = new LoopbackResponse { Status = status, Body = body };
            if (contentEncoding != null) response.Headers["Content-Encoding"] = contentEncoding;
            _routes[path] = response;
            return response;
        }

        public void Drop(string path) => _routes[path] = new LoopbackResponse { Drop = true };

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                _ = Task.Run(() => Serve(client));
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    var request = ReadRequest(stream);
                    if (request == null) return;
                    _requests.Enqueue(request);
                    if (!_routes.TryGetValue(request.Path, out var response))
                    {
                        response = new LoopbackResponse { Status = 404, Body = Encoding.UTF8.GetBytes("not found") };
                    }
                    if (response.DelayMilliseconds > 0)
                    {
                        try { await Task.Delay(response.DelayMilliseconds, _stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                    }
                    if (response.Drop) return;
                    var notModified = response.ETag != null && request.Header("If-None-Match") == response.ETag;
                    var status = notModified ? 304 : response.Status;
                    var body = notModified ? Array.Empty<byte>() : response.Body;
                    var head = new StringBuilder();
                    head.Append($"HTTP/1.1 {status} {Reason(status)}\r\n");
                    head.Append($"Content-Type: {response.ContentType}\r\n");
                    head.Append($"Content-Length: {body.Length}\r\n");
                    head.Append("Connection: close\r\n");
                    if (response.ETag != null) head.Append($"ETag: {response.ETag}\r\n");
                    foreach (var header in response.Headers) head.Append($"{header.Key}: {header.Value}\r\n");
                    head.Append("\r\n");
                    var bytes = Encoding.ASCII.GetBytes(head.ToString());
                    await stream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                    await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                }
                catch (IOException) { }
                catch (ObjectDisposedException) { }
            }
        }

        private static LoopbackRequest ReadRequest(Stream stream)
        {
            var lines = new List<string>();
            var line = new StringBuilder();
            int previous = -1, current;
            while ((current = stream.ReadByte()) >= 0)
            {
                if (current == '\n' && previous == '\r')
                {
                    line.Length--; // drop '\r'
                    if (line.Length == 0) break;
                    lines.Add(line.ToString());
                    line.Clear();
                }
                else line.Append((char)current);
                previous = current;
            }
            if (lines.Count == 0) return null;
            var parts = lines[0].Split(' ');
            var request = new LoopbackRequest { Method = parts[0], Target = parts.Length > 1 ? parts[1] : "/" };
            // A proxy request carries the absolute URL; route on its path either way.
            request.Path = Uri.TryCreate(request.Target, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : request.Target.Split('?')[0];
            for (var i = 1; i < lines.Count; i++)
            {
                var colon = lines[i].IndexOf(':');
                if (colon > 0) request.Headers[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
            }
            return request;
        }

        private static string Reason(int status)
        {
            switch (status)
            {
                case 200: return "OK";
                case 304: return "Not Modified";
                case 401: return "Unauthorized";
                case 404: return "Not Found";
                case 500: return "Internal Server Error";
                default: return "Status";
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
