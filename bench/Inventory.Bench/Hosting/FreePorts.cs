using System.Net;
using System.Net.Sockets;

namespace Inventory.Bench.Hosting;

/// <summary>Loopback ports nobody listens on right now (the OS hands out a fresh ephemeral port each time).</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
