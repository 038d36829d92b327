using System.Xml;

namespace StackPack;

/// <summary>
/// Values in the form that survives ConvertTo-Json, Export-Csv and Import-Csv: PowerShell writes
/// an enum as its number and a TimeSpan as an object of a dozen fields, so output types carry
/// enum names as strings (the enums stay the documented vocabulary) and durations as ISO 8601.
/// </summary>
public static class Portable
{
    /// <summary>The enum value's name, e.g. "Installed".</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => value.ToString();

    /// <summary>
    /// An engine value as the public enum <typeparamref name="TPublic"/> names it: mapped by name,
    /// never by number, so reordering either enum cannot change what users see. A name the public
    /// enum lacks throws (a test maps every engine value).
    /// </summary>
    public static string Name<TPublic>(Enum engineValue)
        where TPublic : struct, Enum => Enum.Parse<TPublic>(engineValue.ToString()).ToString();

    /// <summary>A duration as ISO 8601, e.g. "PT1.5S"; read it back with [System.Xml.XmlConvert]::ToTimeSpan().</summary>
    public static string Duration(TimeSpan value) => XmlConvert.ToString(value);

    public static string? Duration(TimeSpan? value) => value is null ? null : XmlConvert.ToString(value.Value);
}
