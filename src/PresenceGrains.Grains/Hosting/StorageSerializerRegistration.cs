using Newtonsoft.Json;
using Orleans.Serialization;
using Orleans.Storage;

// Extension methods live in the DI namespace so they show up where services are registered.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// How grain state is written: Orleans' own serializer, which follows the <c>[Id]</c> and <c>[Alias]</c> of every
/// persisted type (a renamed class or property still loads), replaces objects instead of filling them in, and needs no
/// type names in the data. State written before, as Newtonsoft JSON, is still read: a payload the Orleans serializer
/// cannot read is read as JSON, and the next write stores it in the new form.
/// </summary>
public static class StorageSerializerRegistration
{
    public static IServiceCollection AddPresenceStorageSerializer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // The JSON reader of old state: Newtonsoft's default fills objects a new state already holds instead of replacing
        // them, so a default shared between instances would take one grain's stored values into every grain after it.
        services.Configure<OrleansJsonSerializerOptions>(o => o.JsonSerializerSettings.ObjectCreationHandling = ObjectCreationHandling.Replace);
        services.AddSingleton<IGrainStorageSerializer>(sp => new GrainStorageSerializer(
            new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>()),
            new JsonGrainStorageSerializer(sp.GetRequiredService<OrleansJsonSerializer>())));
        return services;
    }
}
