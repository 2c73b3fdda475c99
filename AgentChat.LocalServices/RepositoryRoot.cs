namespace AgentChat.LocalServices;

public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AgentChat.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("AgentChat.sln not found above the running binaries.");
    }
}
