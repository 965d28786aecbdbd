namespace Inventory;

/// <summary>Names of Orleans providers, streams and namespaces shared by silo, grains and clients.</summary>
public static class InventoryNames
{
    /// <summary>Grain storage for stock, reservation and consumer state.</summary>
    public const string GrainStorage = "inventory";

    /// <summary>The stream provider that carries stock changes.</summary>
    public const string StreamProvider = "stock-stream";

    /// <summary>Stream namespace of <see cref="Stock.StockChanged"/> events; the stream key is the <see cref="StockKey"/>.</summary>
    public const string StockChangesNamespace = "stock-changes";
}
