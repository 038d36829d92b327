using StackPack.Engine.Index;
using StackPack.Engine.Tests.Support;

namespace StackPack.Engine.Tests.Hostile;

/// <summary>The binary copy of a parsed index is read only from a regular file of its own: never through a link, never a FIFO.</summary>
[Collection("ParsedIndexCache")]
public sealed class HostileIndexCacheTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("fifo")]
    [InlineData("/dev/zero")]
    [InlineData("/proc/self/mem")]
    public void A_binary_index_copy_that_is_a_FIFO_or_a_link_is_never_read_and_the_json_answers(string kind)
    {
        var json = Path.Combine(_temp.Path, "index.json");
        File.WriteAllText(json, """{"packs": {"aws": {"name": "aws", "version": "1.0.0", "description": "Amazon"}}}""");
        var cache = _temp.Combine("cache");
        var binary = IndexBinaryCache.PathFor(cache, json);
        if (kind == "fifo")
        {
            HostileFileTests.MakeFifo(binary);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
            File.CreateSymbolicLink(binary, kind);
        }

        try
        {
            var document = HostileFileTests.Within(() => ParsedIndexCache.Load(json, "index.json", 1 << 20, cache));
            Assert.Equal("Amazon", document.Find("aws")!.Description);
        }
        finally
        {
            ParsedIndexCache.Clear();
        }
    }
}
