using System.Text;
using Inventory.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Inventory.UnitTests.Channels;

public class ChannelDeliveryVerifierTests
{
    private const string Secret = "a-long-shared-secret-0001";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"channel":"m","items":[]}""");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private long Now => _clock.GetUtcNow().ToUnixTimeSeconds();

    private ChannelDeliveryVerifier Verifier(params string[] secrets) => new(secrets.Length == 0 ? [Secret] : secrets, TimeSpan.FromMinutes(5), _clock);

    [Fact]
    public void ADeliverySignedWithTheSecretIsAcceptedOnce()
    {
        var verifier = Verifier();
        var signature = ChannelSignature.Compute(Secret, Now, Body);

        Assert.Equal(DeliveryCheck.Accepted, verifier.Verify(Now.ToString(), signature, Body));
        Assert.Equal(DeliveryCheck.Replayed, verifier.Verify(Now.ToString(), signature, Body));
    }

    [Fact]
    public void AReplayWithTheSignatureInUpperCaseHexIsStillAReplay()
    {
        var verifier = Verifier();
        var signature = ChannelSignature.Compute(Secret, Now, Body);
        var upper = ChannelSignature.Scheme + signature[ChannelSignature.Scheme.Length..].ToUpperInvariant();
        var mixed = ChannelSignature.Scheme + string.Concat(signature[ChannelSignature.Scheme.Length..].Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c));

        Assert.Equal(DeliveryCheck.Accepted, verifier.Verify(Now.ToString(), signature, Body));
        Assert.Equal(DeliveryCheck.Replayed, verifier.Verify(Now.ToString(), upper, Body));
        Assert.Equal(DeliveryCheck.Replayed, verifier.Verify(Now.ToString(), mixed, Body));
    }

    [Fact]
    public void ATamperedBodyOrTimestampOrAnotherSecretIsRejected()
    {
        var verifier = Verifier();
        var signature = ChannelSignature.Compute(Secret, Now, Body);
        var tampered = Encoding.UTF8.GetBytes("""{"channel":"m","items":[{}]}""");

        Assert.Equal(DeliveryCheck.BadSignature, verifier.Verify(Now.ToString(), signature, tampered));
        Assert.Equal(DeliveryCheck.BadSignature, verifier.Verify((Now + 1).ToString(), signature, Body));
        Assert.Equal(DeliveryCheck.BadSignature, verifier.Verify(Now.ToString(), ChannelSignature.Compute("some-other-secret-000", Now, Body), Body));
        Assert.Equal(DeliveryCheck.BadSignature, verifier.Verify(Now.ToString(), "v1=" + new string('0', 64), Body));
    }

    [Theory]
    [InlineData(null, "v1=00")]
    [InlineData("", "v1=00")]
    [InlineData("12.5", "v1=00")]
    [InlineData("-5", "v1=00")]
    [InlineData("1700000000", null)]
    public void MissingOrMalformedHeadersAreRejected(string? timestamp, string? signature) =>
        Assert.Equal(DeliveryCheck.Malformed, Verifier().Verify(timestamp, signature, Body));

    [Theory]
    [InlineData("v1=zz")]
    [InlineData("v2=abcd")]
    [InlineData("abc")]
    public void ASignatureOfTheWrongShapeIsRejected(string signature) =>
        Assert.Equal(DeliveryCheck.BadSignature, Verifier().Verify(Now.ToString(), signature, Body));

    [Fact]
    public void AnOldDeliveryIsRejectedAsExpiredEvenWithAValidSignature()
    {
        var verifier = Verifier();
        var signedAt = Now;
        var signature = ChannelSignature.Compute(Secret, signedAt, Body);

        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(DeliveryCheck.Expired, verifier.Verify(signedAt.ToString(), signature, Body));
    }

    [Fact]
    public void AReplayStaysRejectedForTheWholeToleranceWindow()
    {
        var verifier = Verifier();
        var signedAt = Now;
        var signature = ChannelSignature.Compute(Secret, signedAt, Body);
        Assert.Equal(DeliveryCheck.Accepted, verifier.Verify(signedAt.ToString(), signature, Body));

        for (var i = 0; i < 10; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(30));
            var expected = Math.Abs(Now - signedAt) > 300 ? DeliveryCheck.Expired : DeliveryCheck.Replayed;
            Assert.Equal(expected, verifier.Verify(signedAt.ToString(), signature, Body));
        }
    }

    [Fact]
    public void DuringARotationEitherSecretIsAccepted()
    {
        var verifier = Verifier(Secret, "the-next-secret-0000002");

        Assert.Equal(DeliveryCheck.Accepted, verifier.Verify(Now.ToString(), ChannelSignature.Compute(Secret, Now, Body), Body));
        Assert.Equal(DeliveryCheck.Accepted, verifier.Verify(Now.ToString(), ChannelSignature.Compute("the-next-secret-0000002", Now, Body), Body));
    }
}
