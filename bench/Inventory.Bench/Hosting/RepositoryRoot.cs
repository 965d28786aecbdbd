namespace Inventory.Bench.Hosting;

/// <summary>The checkout the benchmark runs in: the folder holding <c>Orleans.sln</c>.</summary>
public static class RepositoryRoot
{
    /// <summary>Walks up from <paramref name="start"/> (default: the working directory, then the tool's own folder).</summary>
    public static string Find(string? start = null)
    {
        foreach (var origin in start is null ? [Environment.CurrentDirectory, AppContext.BaseDirectory] : new[] { start })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(origin)); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"Orleans.sln not found above {start ?? Environment.CurrentDirectory}");
    }

    /// <summary>The Release build output of a service project, e.g. <c>src/Inventory.Silo/bin/Release/net10.0/Inventory.Silo.dll</c>.</summary>
    public static string ReleaseDll(string root, string project)
    {
        var dll = Path.Combine(root, "src", project, "bin", "Release", "net10.0", project + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} does not exist: run 'dotnet build -c Release Orleans.sln' first");
    }
}
