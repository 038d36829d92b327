using StackPack.Engine.Install;

namespace StackPack.Engine.Tests.Install;

/// <summary>The plan's graph alone: refs and versions only, no git, no files.</summary>
public class DependencyGraphTests
{
    private static DependencyGraph Graph(params (string Ref, string Version)[] installed) =>
        new(installed.ToDictionary(i => i.Ref, i => i.Version, StringComparer.Ordinal));

    private static DependencyGraph With(DependencyGraph graph, params string[] packs)
    {
        foreach (var pack in packs)
        {
            graph.Set(pack, new GraphPack("1.0.0", StaysInstalled: false));
        }

        return graph;
    }

    [Fact]
    public void Dependencies_come_before_the_packs_that_need_them_each_once()
    {
        var graph = With(Graph(), "app", "web", "db", "common");
        graph.AddDependency("app", "web");
        graph.AddDependency("app", "db");
        graph.AddDependency("web", "common");
        graph.AddDependency("db", "common");

        Assert.Equal(["common", "web", "db", "app"], graph.Order(["app"]));
        Assert.Equal(["common", "web", "db", "app"], graph.Order(["app", "db", "app"]));
        Assert.Equal(["common", "db", "web", "app"], graph.Order(["db", "app"]));
    }

    [Fact]
    public void A_cycle_is_ordered_once_and_ends()
    {
        var graph = With(Graph(), "a", "b", "c");
        graph.AddDependency("a", "b");
        graph.AddDependency("b", "c");
        graph.AddDependency("c", "a");

        Assert.Equal(["c", "b", "a"], graph.Order(["a"]));
        Assert.Equal(["a", "c", "b"], graph.Order(["b"]));
    }

    [Fact]
    public void A_pack_is_followed_once_and_its_dependants_are_listed_once_in_the_order_met()
    {
        var graph = With(Graph(), "one", "two", "shared");
        Assert.False(graph.HasDependencies("one"));
        graph.BeginDependencies("one");
        Assert.True(graph.HasDependencies("one"));
        Assert.Empty(graph.DependenciesOf("one"));

        graph.AddDependency("two", "shared");
        graph.AddDependency("one", "shared");
        graph.AddDependency("two", "shared");

        Assert.Equal(["two", "one"], graph.DependantsOf("shared"));
        Assert.Empty(graph.DependantsOf("one"));
    }

    [Fact]
    public void Packs_not_in_the_graph_are_left_out_of_the_order()
    {
        var graph = With(Graph(), "app");
        graph.AddDependency("app", "failed-before-it-had-a-ref");

        Assert.Equal(["app"], graph.Order(["app", "unknown"]));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_refuses_the_plan()
    {
        DependencyGraph.CheckDepth("app", DependencyGraph.MaxDepth - 1);

        var e = Assert.Throws<PlanRefusedException>(() => DependencyGraph.CheckDepth("app", DependencyGraph.MaxDepth));
        Assert.Equal("DependencyConflict", e.ErrorId);
        Assert.Contains("deeper than 10 levels below 'app'", e.Message);
    }

    [Fact]
    public void Two_different_version_pins_of_one_pack_conflict_and_name_both()
    {
        var graph = Graph();
        graph.Pin("shared", "1.0.0", requiredBy: null);

        var e = Assert.Throws<PlanRefusedException>(() => graph.Pin("shared", "2.0.0", "one"));
        Assert.Equal("DependencyConflict", e.ErrorId);
        Assert.Contains("'shared' is wanted at two versions: 1.0.0 by the request, and 2.0.0 by 'one'", e.Message);
    }

    [Fact]
    public void The_same_pin_written_differently_or_a_commit_beside_a_version_is_no_conflict()
    {
        var graph = Graph();
        graph.Pin("shared", "v1.0.0", requiredBy: null);
        graph.Pin("shared", "1.0.0", "one");
        graph.Pin("shared", "0123456789abcdef0123456789abcdef01234567", "two");
        graph.Pin("shared", null, "three");
    }

    [Fact]
    public void A_dependency_pin_must_match_the_version_the_plan_puts_in_place()
    {
        var graph = Graph(("shared", "1.0.0"));
        graph.Set("shared", new GraphPack("2.0.0", StaysInstalled: false));
        graph.Pin("shared", "2.0.0", "fine");

        var other = Graph();
        other.Set("shared", new GraphPack("2.0.0", StaysInstalled: false));
        var e = Assert.Throws<PlanRefusedException>(() => other.Pin("shared", "1.0.0", "needs"));
        Assert.Contains("'shared' is to be installed at 2.0.0, but 'needs' requires 1.0.0", e.Message);
    }

    [Fact]
    public void A_dependency_pin_must_match_the_installed_version_unless_the_dependant_stays_installed()
    {
        var e = Assert.Throws<PlanRefusedException>(() => Graph(("shared", "1.0.0")).Pin("shared", "2.0.0", "two"));
        Assert.Contains("'shared' is installed at 1.0.0, but 'two' requires 2.0.0", e.Message);

        // A pack that stays had its pin met once: the dependency that moved since is moved back.
        var staying = Graph(("shared", "1.0.0"));
        staying.Set("two", new GraphPack("1.0.0", StaysInstalled: true));
        staying.Pin("shared", "2.0.0", "two");
    }

    [Fact]
    public void A_request_decides_for_itself_and_a_branch_pin_is_not_compared_with_versions()
    {
        var graph = Graph(("shared", "1.0.0"));
        graph.Set("other", new GraphPack("3.0.0", false));
        graph.Pin("shared", "2.0.0", requiredBy: null);
        graph.Pin("other", "main", "app");
    }

    [Fact]
    public void A_failure_spreads_to_every_pack_that_needs_it_directly_or_not_and_to_no_other()
    {
        var graph = With(Graph(), "base", "mid", "top", "sibling", "alone");
        graph.AddDependency("mid", "base");
        graph.AddDependency("top", "mid");
        graph.AddDependency("sibling", "alone");
        var order = graph.Order(["top", "sibling"]);

        var spread = graph.SpreadFailures(order, ["base"]);

        Assert.Equal(new Dictionary<string, string> { ["mid"] = "base", ["top"] = "mid" }, spread);
    }

    [Fact]
    public void A_pack_that_failed_on_its_own_keeps_its_own_failure()
    {
        var graph = With(Graph(), "base", "app");
        graph.AddDependency("app", "base");

        Assert.Empty(graph.SpreadFailures(graph.Order(["app"]), ["base", "app"]));
    }

    [Fact]
    public void The_failed_dependency_named_is_the_first_listed_and_its_failure_says_so()
    {
        Assert.Equal("b", DependencyGraph.FailedDependency(["a", "b", "c"], d => d is "b" or "c"));
        Assert.Null(DependencyGraph.FailedDependency(["a"], _ => false));

        var failure = DependencyGraph.DependencyFailed("app", "db");
        Assert.Equal("DependencyFailed", failure.ErrorId);
        Assert.Equal("app", failure.Target);
        Assert.Contains("its dependency 'db'", failure.Message);
    }
}
