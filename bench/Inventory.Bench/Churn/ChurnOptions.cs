using Inventory.Bench.Cli;

namespace Inventory.Bench.Churn;

/// <summary>Settings of the <c>churn</c> workload; <c>--quick</c> shrinks the defaults to a smoke run.</summary>
public sealed record ChurnOptions(int Cycles, int Clients, int MeasureClients, int MeasureSeconds, int Rounds, string? StorageOptions, string? Root, bool Quick)
{
    public const string Help = """
          --cycles N           hold→release cycles on the churned pair (default 1000000; quick 2000)
          --clients N          concurrent clients during the churn, each one cycle at a time (default 32)
          --measure-clients N  concurrent clients while hold latency is measured (default 8)
          --measure S          seconds of measured holds per pair (default 20; quick 2), split into rounds
          --rounds N           measured rounds per pair, alternating churned and fresh so drift hits both (default 4; quick 2)
          --storage-options S  extra Npgsql settings appended to the service's connection string
          --root PATH          the checkout whose Release build to run (default: found above the working directory)
          --quick              a smoke run with the quick defaults above
        """;

    public static ChurnOptions Parse(BenchArgs args)
    {
        var quick = args.Flag("quick");
        var options = new ChurnOptions(
            Cycles: args.Number("cycles", quick ? 2_000 : 1_000_000, 1, 100_000_000),
            Clients: args.Number("clients", 32, 1, 1_024),
            MeasureClients: args.Number("measure-clients", 8, 1, 1_024),
            MeasureSeconds: args.Number("measure", quick ? 2 : 20, 1, 3_600),
            Rounds: args.Number("rounds", quick ? 2 : 4, 1, 100),
            StorageOptions: args.Text("storage-options"),
            Root: args.Text("root"),
            Quick: quick);
        args.RejectUnknown();
        return options;
    }
}
