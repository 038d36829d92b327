using StackPack.Engine.Config;

namespace StackPack.Commands.Output;

internal static class PackConfigMapper
{
    public static PackConfig ToPackConfig(PackConfigState state, IDictionary<string, object?> values, IReadOnlyList<ConfigProblem> problems,
        bool showSecret, bool effective, bool exists, string? note)
    {
        var shown = effective && state.Schema is not null ? ConfigValues.WithRuntimeDefaults(values, state.Schema) : values;
        if (!showSecret)
        {
            shown = ConfigValues.Masked(shown, state.Schema);
        }

        return new PackConfig
        {
            Pack = state.Pack.Ref,
            Path = state.Path,
            Exists = exists,
            HasSchema = state.Schema is not null,
            Values = PlainValues.ToOrdered(shown),
            IsValid = problems.Count == 0,
            Errors = problems.Select(p => p.ToString()).ToArray(),
            Effective = effective && state.Schema is not null,
            Note = note,
        };
    }
}
