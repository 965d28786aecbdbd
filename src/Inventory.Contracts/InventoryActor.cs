namespace Inventory;

/// <summary>
/// Who asked for a change, as its movements record it: the API key's name, carried from the API through every grain
/// call of the request in Orleans' request context. Work nobody asked for (expiries, a reminder finishing an
/// interrupted step) is <see cref="System"/>.
/// </summary>
public static class InventoryActor
{
    /// <summary>The actor of work that no request asked for.</summary>
    public const string System = "system";

    private const string ContextKey = "inventory.actor";

    /// <summary>The actor of the current grain call or request, or <see cref="System"/>.</summary>
    public static string Current => RequestContext.Get(ContextKey) as string ?? System;

    /// <summary>Names the actor of every grain call this request makes from here on.</summary>
    public static void Set(string actor) => RequestContext.Set(ContextKey, actor);
}
