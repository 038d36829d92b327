using StackPack.Engine.Settings;

namespace StackPack.Engine.Tests.Settings;

public class St2ConfFileTests
{
    [Fact]
    public void Reads_sections_keys_comments_quotes_and_continuations()
    {
        var conf = St2ConfFile.Parse([
            "# StackStorm config",
            "[system]",
            "base_path = /srv/st2",
            "; another comment",
            "[content]",
            "packs_base_paths: /a:/b",
            "index_url = \"https://one/index.json\"",
            "  ,https://two/index.json",
            "[DEFAULT]",
            "fallback = yes",
        ], "st2.conf");

        Assert.Equal("/srv/st2", conf.Get("system", "base_path"));
        Assert.Equal("/a:/b", conf.Get("content", "packs_base_paths"));
        Assert.Equal("https://one/index.json\n,https://two/index.json", conf.Get("content", "index_url"));
        Assert.Equal("yes", conf.Get("content", "fallback"));
        Assert.Null(conf.Get("content", "missing"));
    }

    [Fact]
    public void A_line_that_is_not_a_setting_is_an_error_with_its_line_number()
    {
        var e = Assert.Throws<StackPackException>(() => St2ConfFile.Parse(["[system]", "base_path = /x", "this is not ini"], "/etc/st2/st2.conf"));
        Assert.Equal("InvalidSettings", e.ErrorId);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("/etc/st2/st2.conf", e.Message);
        Assert.NotNull(e.RecommendedAction);
    }

    [Fact]
    public void A_setting_before_any_section_is_an_error()
    {
        var e = Assert.Throws<StackPackException>(() => St2ConfFile.Parse(["base_path = /x"], "st2.conf"));
        Assert.Contains("before any [section]", e.Message);
    }

    [Fact]
    public void A_broken_section_header_is_an_error()
    {
        var e = Assert.Throws<StackPackException>(() => St2ConfFile.Parse(["[system"], "st2.conf"));
        Assert.Contains("line 1", e.Message);
    }
}
