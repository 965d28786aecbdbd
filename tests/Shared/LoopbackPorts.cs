using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Inventory.Testing;

/// <summary>
/// Loopback ports for servers that tests and benchmarks start and that bind the port a moment later.
/// </summary>
/// <remarks>
/// Binding port 0 and letting go hands out a port from the kernel's ephemeral range, the same range the kernel takes
/// the local end of every outgoing connection from. Between the pick and the child's bind, any connection to
/// PostgreSQL, Redis or a silo can take that port, and the child then fails with "address already in use" (CI saw
/// exactly that). So ports come from below the ephemeral range, where only explicit binds compete: each one is
/// checked free and never handed out twice by this process, and each process starts at a random place, so test
/// processes running side by side walk different stretches.
/// </remarks>
public static class LoopbackPorts
{
    private const int Lowest = 20_000;
    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";
    private static readonly object Gate = new();
    private static readonly HashSet<int> HandedOut = [];
    private static readonly int End = EphemeralLow();
    private static int _next = Random.Shared.Next(Lowest, End);

    /// <summary>A loopback port that nobody listens on and that this process has not handed out before.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            for (var tried = 0; tried < End - Lowest; tried++)
            {
                var port = _next;
                _next = port + 1 < End ? port + 1 : Lowest;
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Lowest} and {End}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Linux publishes its range; elsewhere (49152 and up on Windows and macOS) anything below 32768 is outside it.
    private static int EphemeralLow()
    {
        try
        {
            var low = int.Parse(File.ReadAllText(EphemeralRange).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
            return low > Lowest + 1_000 ? low : 32_768;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;
        }
    }
}
