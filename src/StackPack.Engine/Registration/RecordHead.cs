using System.Text.Json;

namespace StackPack.Engine.Registration;

/// <summary>
/// Reads a registry record's summary fields (Pack, RegisteredAt, Fingerprint, ItemCount) from
/// the first bytes of the file: they are written before the long lists, so Get-Pack never parses
/// a record of thousands of items to list one pack.
/// </summary>
internal static class RecordHead
{
    /// <summary>The summary, or null when the head does not hold all of it (an older record, or a field past the head).</summary>
    /// <exception cref="JsonException">The head is not JSON.</exception>
    public static RegistrationSummary? Summary(ReadOnlySpan<byte> head, bool isWhole)
    {
        var reader = new Utf8JsonReader(head, isWhole, default);
        string? pack = null;
        string? fingerprint = null;
        DateTimeOffset? registeredAt = null;
        int? items = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A registry record is a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
        {
            var name = reader.GetString();
            if (!reader.Read())
            {
                return null; // the value is past the head
            }

            switch (name)
            {
                case "Pack" when reader.TokenType == JsonTokenType.String:
                    pack = reader.GetString();
                    break;
                case "Fingerprint" when reader.TokenType == JsonTokenType.String:
                    fingerprint = reader.GetString();
                    break;
                case "RegisteredAt" when reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var at):
                    registeredAt = at;
                    break;
                case "ItemCount" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var count):
                    items = count;
                    break;
                default:
                    if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                    {
                        // The lists come after the summary fields: what is not found by now is not there.
                        return Complete(pack, registeredAt, fingerprint, items);
                    }

                    break;
            }

            if (Complete(pack, registeredAt, fingerprint, items) is { } summary)
            {
                return summary;
            }
        }

        return Complete(pack, registeredAt, fingerprint, items);
    }

    private static RegistrationSummary? Complete(string? pack, DateTimeOffset? registeredAt, string? fingerprint, int? items) =>
        pack is not null && registeredAt is { } at && fingerprint is not null && items is { } count
            ? new RegistrationSummary(pack, at, fingerprint, count)
            : null;
}
