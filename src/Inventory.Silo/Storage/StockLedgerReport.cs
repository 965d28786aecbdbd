namespace Inventory.Silo.Storage;

/// <summary>What <see cref="StockLedgerCheck"/> found: how many pairs it checked, and each one whose ledger is broken.</summary>
public sealed record StockLedgerReport(int PairsChecked, IReadOnlyList<BrokenPair> Broken);
