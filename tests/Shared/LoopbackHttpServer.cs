// Compiled both by the xunit project (nullable on) and by pwsh Add-Type (nullable off): written without annotations.
#nullable disable
// A tiny real HTTP/1.1 server on 127.0.0.1 for tests (shared by the xunit and Pester suites).
// Each response is scripted per path: status, body, headers, a delay, ETag handling, or a
// dropped connection. It also answers proxy-style requests ("GET http://host/path"), so a
// test can prove that a request went through a proxy.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
        public string Body { get; set; } = "";
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

        private string _gitPrefix;
        private string _gitRoot;
        private string _gitAuthorization;

        /// <summary>
        /// Serves the git repositories under <paramref name="projectRoot"/> at <paramref name="prefix"/> over
        /// git's smart HTTP protocol (git http-backend as a CGI), requiring Basic auth when a user is given.
        /// </summary>
        public void ServeGit(string prefix, string projectRoot, string user = null, string password = null, int delayMilliseconds = 0)
        {
            _gitPrefix = prefix.TrimEnd('/');
            _gitRoot = projectRoot;
            _gitDelay = delayMilliseconds;
            _gitAuthorization = string.IsNullOrEmpty(user) ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        }

        private int _gitDelay;
        private string _stackStormKey;
        private HashSet<string> _stackStormPacks;

        /// <summary>
        /// Answers POST /api/v1/packs/register as StackStorm's API does: St2-Api-Key or X-Auth-Token
        /// must carry <paramref name="apiKey"/> (else 401 with a faultstring), the body is
        /// {"packs": [...], "types": [...]}, unknown packs get a 400, and the reply is a dict of counts.
        /// </summary>
        public void ServeStackStormRegister(string apiKey, params string[] knownPacks)
        {
            _stackStormKey = apiKey;
            _stackStormPacks = new HashSet<string>(knownPacks, StringComparer.Ordinal);
        }

        private LoopbackResponse StackStormRegister(LoopbackRequest request)
        {
            LoopbackResponse Json(int status, string json) => new LoopbackResponse { Status = status, Body = Encoding.UTF8.GetBytes(json) };
            if (request.Method != "POST") return Json(405, "{\"faultstring\": \"Method Not Allowed\"}");
            if (request.Header("St2-Api-Key") != _stackStormKey && request.Header("X-Auth-Token") != _stackStormKey)
                return Json(401, "{\"faultstring\": \"Unauthorized - One of Token or API key required.\"}");
            System.Text.Json.JsonDocument document;
            try { document = System.Text.Json.JsonDocument.Parse(request.Body); }
            catch (System.Text.Json.JsonException) { return Json(400, "{\"faultstring\": \"Invalid JSON body\"}"); }
            using (document)
            {
                var packs = document.RootElement.TryGetProperty("packs", out var p) ? p.EnumerateArray().Select(e => e.GetString()).ToList() : new List<string>();
                var unknown = packs.FirstOrDefault(pack => !_stackStormPacks.Contains(pack));
                if (unknown != null)
                    return Json(400, $"{{\"faultstring\": \"Pack \\\"{unknown}\\\" not found on disk: Directory \\\"/opt/stackstorm/packs/{unknown}\\\" doesn't exist\"}}");
                var types = document.RootElement.TryGetProperty("types", out var t) ? t.EnumerateArray().Select(e => e.GetString()).ToList() : new List<string> { "all" };
                var counts = new List<string> { "\"runners\": 14" };
                foreach (var type in new[] { "action", "sensor", "trigger", "rule", "alias", "policy", "config" })
                    if (types.Contains("all") || types.Contains(type)) counts.Add($"\"{type}s\": {packs.Count}");
                return Json(200, "{" + string.Join(", ", counts) + "}");
            }
        }

        private async Task ServeGitRequest(NetworkStream stream, LoopbackRequest request, byte[] body)
        {
            if (_gitAuthorization != null && request.Header("Authorization") != _gitAuthorization)
            {
                var denied = Encoding.ASCII.GetBytes("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(denied.AsMemory(0, denied.Length)).ConfigureAwait(false);
                return;
            }

            if (_gitDelay > 0 && request.Method == "POST")
            {
                try { await Task.Delay(_gitDelay, _stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
            }

            var query = request.Target.Contains('?') ? request.Target.Substring(request.Target.IndexOf('?') + 1) : "";
            var start = new System.Diagnostics.ProcessStartInfo("git", "http-backend")
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            start.Environment["GIT_PROJECT_ROOT"] = _gitRoot;
            start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
            start.Environment["PATH_INFO"] = request.Path.Substring(_gitPrefix.Length);
            start.Environment["REQUEST_METHOD"] = request.Method;
            start.Environment["QUERY_STRING"] = query;
            start.Environment["CONTENT_TYPE"] = request.Header("Content-Type") ?? "";
            start.Environment["CONTENT_LENGTH"] = body.Length.ToString(CultureInfo.InvariantCulture);
            start.Environment["REMOTE_USER"] = "tester";
            start.Environment["REMOTE_ADDR"] = "127.0.0.1";
            if (request.Header("Content-Encoding") != null) start.Environment["HTTP_CONTENT_ENCODING"] = request.Header("Content-Encoding");
            if (request.Header("Git-Protocol") != null) start.Environment["HTTP_GIT_PROTOCOL"] = request.Header("Git-Protocol");
            using (var process = System.Diagnostics.Process.Start(start))
            {
                var error = process.StandardError.ReadToEndAsync();
                await process.StandardInput.BaseStream.WriteAsync(body.AsMemory(0, body.Length)).ConfigureAwait(false);
                process.StandardInput.Close();
                var output = new MemoryStream();
                await process.StandardOutput.BaseStream.CopyToAsync(output).ConfigureAwait(false);
                process.WaitForExit();
                await error.ConfigureAwait(false);
                var bytes = output.ToArray();
                var split = IndexOf(bytes, Encoding.ASCII.GetBytes("\r\n\r\n"));
                var separator = 4;
                if (split < 0) { split = IndexOf(bytes, Encoding.ASCII.GetBytes("\n\n")); separator = 2; }
                var headers = split < 0 ? "" : Encoding.ASCII.GetString(bytes, 0, split);
                var content = split < 0 ? bytes : bytes.Skip(split + separator).ToArray();
                var status = "200 OK";
                var head = new StringBuilder();
                foreach (var line in headers.Split(new[] { "\r\n", "\n" }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (line.StartsWith("Status:", StringComparison.OrdinalIgnoreCase)) status = line.Substring(7).Trim();
                    else head.Append(line).Append("\r\n");
                }
                var prefix = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\n{head}Content-Length: {content.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(prefix.AsMemory(0, prefix.Length)).ConfigureAwait(false);
                await stream.WriteAsync(content.AsMemory(0, content.Length)).ConfigureAwait(false);
            }
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i <= haystack.Length - needle.Length; i++)
            {
                var match = true;
                for (var j = 0; j < needle.Length && match; j++) match = haystack[i + j] == needle[j];
                if (match) return i;
            }
            return -1;
        }

        private static byte[] ReadBody(NetworkStream stream, LoopbackRequest request)
        {
            var body = new MemoryStream();
            if (string.Equals(request.Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
            {
                while (true)
                {
                    var sizeLine = ReadLine(stream);
                    var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
                    if (size == 0) { ReadLine(stream); break; }
                    var chunk = new byte[size];
                    var read = 0;
                    while (read < size) read += stream.Read(chunk, read, size - read);
                    body.Write(chunk, 0, size);
                    ReadLine(stream);
                }
            }
            else if (int.TryParse(request.Header("Content-Length"), out var length) && length > 0)
            {
                var buffer = new byte[length];
                var read = 0;
                while (read < length) { var n = stream.Read(buffer, read, length - read); if (n <= 0) break; read += n; }
                body.Write(buffer, 0, read);
            }
            return body.ToArray();
        }

        private static string ReadLine(NetworkStream stream)
        {
            var line = new StringBuilder();
            int previous = -1, current;
            while ((current = stream.ReadByte()) >= 0)
            {
                if (current == '\n' && previous == '\r') { line.Length--; break; }
                line.Append((char)current);
                previous = current;
            }
            return line.ToString();
        }

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
                    LoopbackResponse response;
                    _requests.Enqueue(request);
                    var body = ReadBody(stream, request);
                    request.Body = Encoding.UTF8.GetString(body);
                    if (_gitPrefix != null && request.Path.StartsWith(_gitPrefix + "/", StringComparison.Ordinal))
                    {
                        await ServeGitRequest(stream, request, body).ConfigureAwait(false);
                        return;
                    }
                    if (_stackStormKey != null && request.Path == "/api/v1/packs/register")
                    {
                        response = StackStormRegister(request);
                    }
                    else
                    if (!_routes.TryGetValue(request.Path, out response))
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
                    var content = notModified ? Array.Empty<byte>() : response.Body;
                    var head = new StringBuilder();
                    head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n");
                    head.Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n");
                    head.Append(CultureInfo.InvariantCulture, $"Content-Length: {content.Length}\r\n");
                    head.Append("Connection: close\r\n");
                    if (response.ETag != null) head.Append(CultureInfo.InvariantCulture, $"ETag: {response.ETag}\r\n");
                    foreach (var header in response.Headers) head.Append(CultureInfo.InvariantCulture, $"{header.Key}: {header.Value}\r\n");
                    head.Append("\r\n");
                    var bytes = Encoding.ASCII.GetBytes(head.ToString());
                    await stream.WriteAsync(bytes.AsMemory(0, bytes.Length)).ConfigureAwait(false);
                    await stream.WriteAsync(content.AsMemory(0, content.Length)).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                }
                catch (IOException) { }
                catch (ObjectDisposedException) { }
            }
        }

        private static LoopbackRequest ReadRequest(NetworkStream stream)
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
            // (Only "http://…" targets are absolute: on Unix "/a?b" would parse as a file URI.)
            request.Path = request.Target.StartsWith("http", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(request.Target, UriKind.Absolute, out var absolute)
                ? absolute.AbsolutePath : request.Target.Split('?')[0];
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
