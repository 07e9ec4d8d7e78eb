using Microsoft.Extensions.Options;
using PresenceGrains.Abstractions;
using PresenceGrains.Grains.History;
using PresenceGrains.Grains.Watch;
using PresenceGrains.Host.Auth;

namespace PresenceGrains.Host.Api;

/// <summary>The HTTP API: agents, history, channel health and the watched set of one tenant.</summary>
public static class PresenceEndpoints
{
    /// <summary>The largest request body the API reads (the watch set of a large tenant).</summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    public static void MapPresenceApi(this IEndpointRouteBuilder endpoints)
    {
        var tenant = endpoints.MapGroup("/api/tenants/{tenant}")
            .RequireAuthorization(PresenceScopes.ReadPolicy)
            .AddEndpointFilter<TenantAccessFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        tenant.MapGet("/agents", ListAgentsAsync).WithName("ListAgents").ProducesProblem(StatusCodes.Status400BadRequest);
        tenant.MapGet("/agents/{agentId}", GetAgentAsync).WithName("GetAgent").ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapGet("/devices/{deviceId}", GetDeviceAsync).WithName("GetDevice").ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapGet("/agents/{agentId}/history", GetHistoryAsync).WithName("GetAgentHistory")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapGet("/channel", GetChannelAsync).WithName("GetChannel");
        tenant.MapGet("/watch", GetWatchAsync).WithName("GetWatch");
        tenant.MapPut("/watch", PutWatchAsync).WithName("PutWatch")
            .RequireAuthorization(PresenceScopes.AdminPolicy)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static async Task<IResult> ListAgentsAsync(string tenant, string? state, string? routable, IGrainFactory grains)
    {
        if (!QueryParsing.TryParseEnum<AgentState>(state, out var stateFilter, out var stateError))
        {
            return Problems.BadRequest("Bad filter", $"state: {stateError}");
        }

        if (!QueryParsing.TryParseBool(routable, out var routableFilter, out var routableError))
        {
            return Problems.BadRequest("Bad filter", $"routable: {routableError}");
        }

        var all = await grains.GetGrain<ITenantPresenceGrain>(tenant).ListAsync(AgentFilter.All);
        var filter = new AgentFilter(stateFilter, routableFilter);
        var counts = Enum.GetValues<AgentState>().ToDictionary(s => s, s => all.Count(a => a.State == s));
        return Results.Ok(new AgentList(tenant, all.Where(filter.Matches).ToList(), counts, all.Count(a => a.Routable)));
    }

    private static async Task<IResult> GetAgentAsync(string tenant, string agentId, IGrainFactory grains, WatchedSets watched)
    {
        if (!(await watched.GetAsync(tenant)).Contains(agentId))
        {
            return Problems.UnknownAgent(tenant, agentId);
        }

        return Results.Ok(await grains.GetGrain<IAgentPresenceGrain>(PresenceKeys.Compose(tenant, agentId)).GetAsync());
    }

    private static async Task<IResult> GetDeviceAsync(string tenant, string deviceId, IGrainFactory grains, WatchedSets watched)
    {
        if ((await watched.GetAsync(tenant)).OwnerOf(deviceId) is null)
        {
            return Problems.UnknownDevice(tenant, deviceId);
        }

        return await grains.GetGrain<IDevicePresenceGrain>(PresenceKeys.Compose(tenant, deviceId)).GetAsync() is { } device
            ? Results.Ok(device)
            : Problems.UnknownDevice(tenant, deviceId);
    }

    private static async Task<IResult> GetHistoryAsync(
        string tenant, string agentId, string? from, string? to, WatchedSets watched, IPresenceHistory history, IOptions<HistoryOptions> retention,
        TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (!QueryParsing.TryParseInstant(from, now.AddHours(-24), out var start, out var fromError))
        {
            return Problems.BadRequest("Bad period", $"from: {fromError}");
        }

        if (!QueryParsing.TryParseInstant(to, now, out var end, out var toError))
        {
            return Problems.BadRequest("Bad period", $"to: {toError}");
        }

        if (end < start)
        {
            return Problems.BadRequest("Bad period", "'to' is before 'from'.");
        }

        if (!(await watched.GetAsync(tenant)).Contains(agentId))
        {
            return Problems.UnknownAgent(tenant, agentId);
        }

        // Nothing is kept beyond the retention: a period reaching further is read (and answered) as the part that can
        // hold anything. Unclamped, a period from the year 2000 cost one table query per day, about 9,800 of them.
        start = Max(start, now - retention.Value.Retention);
        end = Max(start, end < now ? end : now);
        var transitions = await history.ReadAgentAsync(tenant, agentId, start, end);
        var windows = await history.ReadWindowsAsync(tenant, start, end);
        return Results.Ok(new AgentHistory(tenant, agentId, start, end, transitions, windows));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static async Task<IResult> GetChannelAsync(string tenant, IGrainFactory grains) =>
        Results.Ok(await grains.GetGrain<IPlatformConnectorGrain>(tenant).GetHealthAsync());

    private static async Task<IResult> GetWatchAsync(string tenant, IGrainFactory grains) =>
        Results.Ok(await grains.GetGrain<IPlatformConnectorGrain>(tenant).GetWatchAsync());

    private static async Task<IResult> PutWatchAsync(string tenant, WatchSet? watch, IGrainFactory grains)
    {
        if (watch?.Agents is null || watch.Agents.Any(a => a is null || a.DeviceIds is null))
        {
            return Problems.BadRequest("Bad watch set", "The body must be {\"agents\":[{\"agentId\":\"…\",\"deviceIds\":[\"…\"]}]}.");
        }

        try
        {
            await grains.GetGrain<IPlatformConnectorGrain>(tenant).SetWatchAsync(watch);
        }
        catch (ArgumentException ex)
        {
            return Problems.BadRequest("Bad watch set", ex.Message);
        }

        return Results.Ok(await grains.GetGrain<IPlatformConnectorGrain>(tenant).GetWatchAsync());
    }
}
