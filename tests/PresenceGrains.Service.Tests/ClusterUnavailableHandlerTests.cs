using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using PresenceGrains.Host.Api;

namespace PresenceGrains.Service.Tests;

/// <summary>A request whose grain sits on a silo that stopped answering gets 503 and Retry-After, not 500.</summary>
public sealed class ClusterUnavailableHandlerTests
{
    public static TheoryData<Exception> SiloNotAnswering =>
    [
        new SiloUnavailableException("The silo that holds the grain is not answering."),
        new TimeoutException("Response did not arrive on time in 00:00:30."),
        new AggregateException(new SiloUnavailableException("gone")),
    ];

    [Theory]
    [MemberData(nameof(SiloNotAnswering))]
    public async Task A_grain_on_a_silo_that_stopped_answering_is_a_503_with_retry_after(Exception exception)
    {
        var context = Context();

        var handled = await Handler(context).TryHandleAsync(context, exception, CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(ClusterUnavailableHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Contains("\"status\":503", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_failure_is_left_to_the_default_handler()
    {
        var context = Context();

        var handled = await Handler(context).TryHandleAsync(context, new InvalidOperationException("a bug"), CancellationToken.None);

        Assert.False(handled);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(0, context.Response.Body.Length);
    }

    private static DefaultHttpContext Context()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        return new DefaultHttpContext { RequestServices = services, Response = { Body = new MemoryStream() } };
    }

    private static ClusterUnavailableHandler Handler(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<IProblemDetailsService>(), NullLogger<ClusterUnavailableHandler>.Instance);
}
