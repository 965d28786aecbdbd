namespace Inventory.ServiceDefaults.Problems;

/// <summary>
/// The stable <c>type</c> of every problem the service returns (RFC 9457), from the API and from the silo's dashboard
/// host alike. Clients branch on these, never on titles.
/// </summary>
public static class ProblemTypes
{
    /// <summary>What every type starts with; the rest is the problem's short name (e.g. <c>insufficient-stock</c>).</summary>
    public const string Prefix = "urn:inventory:problem:";

    public const string ValidationFailed = Prefix + "validation-failed";
    public const string MalformedRequest = Prefix + "malformed-request";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string RouteNotFound = Prefix + "route-not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";

    /// <summary>A request without a valid API key (401).</summary>
    public const string Unauthorized = Prefix + "unauthorized";

    /// <summary>An API key that lacks the route's role (403).</summary>
    public const string Forbidden = Prefix + "forbidden";
    public const string RateLimited = Prefix + "rate-limited";
    public const string StockNotFound = Prefix + "stock-not-found";
    public const string ReservationNotFound = Prefix + "reservation-not-found";
    public const string InsufficientStock = Prefix + "insufficient-stock";
    public const string ReservationExpired = Prefix + "reservation-expired";
    public const string ReservationIdConflict = Prefix + "reservation-id-conflict";
    public const string InvalidReservationState = Prefix + "invalid-reservation-state";
    public const string ChannelNotFound = Prefix + "channel-not-found";
    public const string PreconditionFailed = Prefix + "precondition-failed";
    public const string IdempotencyKeyReused = Prefix + "idempotency-key-reused";
    public const string IdempotencyKeyInUse = Prefix + "idempotency-key-in-use";
    public const string InsufficientOnHand = Prefix + "insufficient-on-hand";
    public const string ServiceUnavailable = Prefix + "service-unavailable";
    public const string InternalError = Prefix + "internal-error";
}
