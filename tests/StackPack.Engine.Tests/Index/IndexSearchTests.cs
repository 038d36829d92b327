using StackPack.Engine.Index;

namespace StackPack.Engine.Tests.Index;

public class IndexSearchTests
{
    private static IndexPackEntry Entry(string name, string description = "d", string author = "someone", string[]? keywords = null,
        string? displayName = null, string? email = null, string? repo = null) => new()
    {
        Name = name,
        Ref = name,
        DisplayName = displayName ?? name,
        Description = description,
        Author = author,
        Keywords = keywords ?? [],
        Email = email,
        RepoUrl = repo,
        IndexUrl = "idx",
    };

    [Fact]
    public void Ranks_exact_then_prefix_then_substring_then_keyword_then_description_then_author()
    {
        var entries = new[]
        {
            Entry("byauthor", author: "Sensu Inc."),
            Entry("bydescription", description: "Talks to Sensu"),
            Entry("bykeyword", keywords: ["sensu"]),
            Entry("bykeywordpart", keywords: ["sensu-go"]),
            Entry("mysensu"),
            Entry("sensu_go"),
            Entry("sensu", author: "StackStorm, Inc.", description: "Sensu Monitoring"),
            Entry("unrelated"),
        };

        var ranked = IndexSearch.Rank(entries, "SENSU");

        Assert.Equal(["sensu", "sensu_go", "mysensu", "bykeyword", "bykeywordpart", "bydescription", "byauthor"], ranked.Select(r => r.Entry.Name));
        Assert.Equal(MatchRank.ExactName, ranked[0].Rank);
        Assert.Equal(MatchRank.Author, ranked[^1].Rank);
    }

    [Fact]
    public void A_pack_whose_author_also_matches_still_ranks_by_its_name()
    {
        // st2 files `sensu` under "other" because "author" comes before "name" in the entry.
        var ranked = IndexSearch.Rank([Entry("zzz", description: "sensu stuff"), Entry("sensu", author: "sensu people")], "sensu");
        Assert.Equal("sensu", ranked[0].Entry.Name);
    }

    [Fact]
    public void Display_names_count_as_names()
    {
        var ranked = IndexSearch.Rank([Entry("aoscx", displayName: "Aruba AOS-CX Pack")], "aruba");
        Assert.Equal(MatchRank.NamePrefix, Assert.Single(ranked).Rank);
    }

    [Fact]
    public void Repository_urls_and_emails_are_not_searched()
    {
        var entries = new[] { Entry("a", email: "ops@findme.example", repo: "https://github.com/findme/a") };
        Assert.Empty(IndexSearch.Rank(entries, "findme"));
    }

    [Fact]
    public void Several_words_find_packs_that_mention_every_word()
    {
        var entries = new[] { Entry("jira", description: "Issue tracking", keywords: ["ticket management"]), Entry("other", description: "tickets only") };
        Assert.Equal("jira", Assert.Single(IndexSearch.Rank(entries, "ticket management")).Entry.Name);
        Assert.Equal(MatchRank.AllWords, Assert.Single(IndexSearch.Rank(entries, "tracking jira")).Rank);
    }

    [Fact]
    public void The_merger_lets_the_earlier_index_win_and_records_what_it_hid()
    {
        var merger = new IndexMerger();
        var first = merger.Add(new IndexDocument([Entry("a") with { IndexUrl = "one" }, Entry("b") with { IndexUrl = "one" }])).ToList();
        var second = merger.Add(new IndexDocument([Entry("b") with { IndexUrl = "two", Description = "later" }, Entry("c") with { IndexUrl = "two" }])).ToList();

        Assert.Equal(["a", "b"], first.Select(e => e.Name));
        Assert.Equal(["c"], second.Select(e => e.Name));
        Assert.Equal(("b", "two", "one"), Assert.Single(merger.Hidden));
    }
}
