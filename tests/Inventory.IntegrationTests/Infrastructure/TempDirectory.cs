namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>A folder for one test's data, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("inventory-tests-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection; the OS temp cleaner takes it.
        }
    }
}
