namespace PresenceGrains.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class HostSettingsTests(CompiledTemplate compiled)
{
    [Fact]
    public void Container_app_sets_exactly_the_settings_the_host_reads()
    {
        var names = compiled.HostSettingValues().Keys.ToHashSet(StringComparer.Ordinal);

        Assert.Equal(HostSettings.Names.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_storage_key_or_connection_string_reaches_the_app()
    {
        var settings = compiled.HostSettingValues();

        Assert.DoesNotContain(HostSettings.StorageConnectionString, settings.Keys);
        Assert.All(settings.Values, value => Assert.DoesNotContain("listKeys", value, StringComparison.OrdinalIgnoreCase));
        Assert.False(compiled.HostApp.At("properties.configuration").TryGetProperty("secrets", out _), "the app needs no Container Apps secrets");
    }
}
