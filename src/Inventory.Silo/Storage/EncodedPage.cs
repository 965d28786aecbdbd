namespace Inventory.Silo.Storage;

/// <summary>A sealed hold page as <c>inventory_stock_pages</c> stores it.</summary>
internal sealed record EncodedPage(string Name, byte[] Holds);
