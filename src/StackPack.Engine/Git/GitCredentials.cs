namespace StackPack.Engine.Git;

/// <summary>A username and password (or token) for a private https repository. Never logged, never stored.</summary>
public sealed record GitCredentials(string Username, string Password)
{
    public override string ToString() => $"GitCredentials({Username}, ***)";

    /// <summary>The secret texts to scrub from any message.</summary>
    public IEnumerable<string> Secrets => new[] { Password, Username }.Where(s => s.Length >= 4);
}
