namespace Inventory.Silo.Storage;

/// <summary>A pair's row as read from <c>inventory_stock</c>, with its pages, before decoding.</summary>
internal sealed record EncodedStoredRow(long Version, byte[] State, IReadOnlyList<EncodedPage> Pages);
