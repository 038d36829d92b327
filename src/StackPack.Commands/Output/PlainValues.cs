using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;

namespace StackPack.Commands.Output;

/// <summary>
/// Converts between PowerShell values and the engine's plain values (dictionaries, lists,
/// strings, booleans, longs, doubles, null): hashtables, PSCustomObjects and arrays in,
/// ordered dictionaries and arrays out. A SecureString given as a value becomes its text, and a PSCredential its password.
/// </summary>
internal static class PlainValues
{
    public static object? FromPowerShell(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case PSObject { BaseObject: PSCustomObject } custom:
                var fromObject = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in custom.Properties)
                {
                    fromObject[property.Name] = FromPowerShell(property.Value);
                }

                return fromObject;
            case PSObject wrapped:
                return FromPowerShell(wrapped.BaseObject);
            case string text:
                return text;
            case bool flag:
                return flag;
            case SwitchParameter switchParameter:
                return switchParameter.IsPresent;
            case sbyte or byte or short or ushort or int or uint or long:
                return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            case ulong big:
                return big <= long.MaxValue ? (long)big : (double)big;
            case float or double or decimal:
                return Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            case SecureString secure:
                return ToText(secure);
            case PSCredential credential:
                // DSC hands secrets over as credentials: the secret is the password (the user name is not part of a config value).
                return credential.GetNetworkCredential().Password;
            case IDictionary dictionary:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary)
                {
                    map[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] = FromPowerShell(entry.Value);
                }

                return map;
            case IEnumerable sequence:
                return sequence.Cast<object?>().Select(FromPowerShell).ToList();
            case DateTime time:
                return time.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
            default:
                return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static Dictionary<string, object?> MapFromPowerShell(IDictionary dictionary) =>
        (Dictionary<string, object?>)FromPowerShell(dictionary)!;

    public static object? ToPowerShell(object? value) => value switch
    {
        IDictionary<string, object?> map => ToOrdered(map),
        IList<object?> list => list.Select(ToPowerShell).ToArray(),
        _ => value,
    };

    public static OrderedDictionary ToOrdered(IDictionary<string, object?> map)
    {
        var ordered = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in map)
        {
            ordered[key] = ToPowerShell(value);
        }

        return ordered;
    }

    public static string ToText(SecureString secure)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
