using StackPack.Engine.IO;

namespace StackPack.Commands.Cmdlets;

/// <summary>Install-Pack on a StackStorm host: what the user should know about st2's pack group.</summary>
public sealed partial class InstallPackCommand
{
    /// <summary>st2 gives packs the [content] pack_group; when that group does not exist, packs keep the installing user's group.</summary>
    private void NotePackGroup()
    {
        if (Settings.PackGroup is { } group && !OperatingSystem.IsWindows() && UnixOwnership.GroupId(group) is null)
        {
            WriteVerbose($"The pack group '{group}' ([content] pack_group) does not exist: installed packs keep the installing user's group and modes.");
        }
    }
}
