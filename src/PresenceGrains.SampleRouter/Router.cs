using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;

namespace PresenceGrains.SampleRouter;

/// <summary>
/// Follows a tenant's routable agents from the change feed and routes a simulated call every period: to the agent
/// that has waited longest, confirmed with <see cref="IPresenceClient.IsRoutableAsync"/> just before the offer.
/// Prints one line per decision and per change of routability.
/// </summary>
public sealed class Router(IPresenceClient presence, IOptions<RouterOptions> options, TimeProvider time, IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly RoutableAgents _agents = new();
    private readonly string _tenant = options.Value.Tenant;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (PresenceException ex)
        {
            Console.Error.WriteLine($"The router stops: {ex.Message}");
            Environment.ExitCode = 2;
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        // Subscribe first, then read: a change between the two arrives on the feed and the newer sequence wins.
        var changes = presence.WatchAsync(_tenant, cancellationToken: stoppingToken).GetAsyncEnumerator(stoppingToken);
        await using (changes)
        {
            var first = changes.MoveNextAsync();
            _agents.Replace(await presence.ListRoutableAsync(_tenant, stoppingToken));
            Say($"following tenant {_tenant}: {_agents.Count} routable");

            // Whichever loop ends first (a failure, or the stop) ends the router.
            await await Task.WhenAny(FollowAsync(changes, first, stoppingToken), DecideAsync(stoppingToken));
        }
    }

    private async Task FollowAsync(IAsyncEnumerator<PresenceChange> changes, ValueTask<bool> next, CancellationToken cancellationToken)
    {
        while (await next)
        {
            await ApplyAsync(changes.Current, cancellationToken);
            next = changes.MoveNextAsync();
        }
    }

    private async Task ApplyAsync(PresenceChange change, CancellationToken cancellationToken)
    {
        if (change.Presence is not { } p)
        {
            Say($"feed {change.Kind.ToString().ToLowerInvariant()}: changes were missed, re-reading");
            await RereadAsync(cancellationToken);
            return;
        }

        if (_agents.Apply(p) is { } flip && flip.Before != flip.After)
        {
            var lag = (change.ReceivedAt - p.LastUpdated).TotalMilliseconds;
            Say($"{p.AgentId} {(flip.After ? "routable" : "not routable")} ({p.State}, {p.Freshness}), {lag:F0} ms after the platform");
        }
    }

    /// <summary>Reads the routable agents again, until the service answers (a restarted service may not know the tenant for a moment).</summary>
    private async Task RereadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                _agents.Replace(await presence.ListRoutableAsync(_tenant, cancellationToken));
                Say($"re-read: {_agents.Count} routable");
                return;
            }
            catch (PresenceException ex)
            {
                Say($"re-read failed, trying again in a second: {ex.Message}");
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    private async Task DecideAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.DecisionPeriod, time);
        for (var call = 1; await timer.WaitForNextTickAsync(cancellationToken); call++)
        {
            try
            {
                Say(await RouteAsync(call, cancellationToken));
            }
            catch (PresenceException ex)
            {
                // Unreachable, or an agent or tenant the service no longer (or not yet) knows: the call waits for the next turn.
                Say($"call {call}: queued, {ex.Message}");
            }
        }
    }

    private async Task<string> RouteAsync(int call, CancellationToken cancellationToken)
    {
        foreach (var candidate in _agents.Candidates())
        {
            // The feed can be a moment behind; the agent grain answers for now.
            if (await presence.IsRoutableAsync(_tenant, candidate.AgentId, cancellationToken))
            {
                return $"call {call} -> {candidate.AgentId} (routable, waiting since {candidate.Since:HH:mm:ss})";
            }
        }

        return $"call {call}: queued, no routable agent";
    }

    private void Say(string line) => Console.WriteLine($"{time.GetUtcNow():HH:mm:ss.fff} {line}");
}
