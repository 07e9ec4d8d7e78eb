using System.IO.Compression;
using System.Security;
using System.Xml.Linq;
using PresenceGrains.Client.Tests.Support;
using PresenceGrains.Service.Tests.Support;
using Xunit.Abstractions;

namespace PresenceGrains.Client.Tests;

/// <summary>
/// What a routing team gets from <c>dotnet pack</c>: both packages with a version, description, README and XML docs, and
/// a project outside the repository that builds against them restored from a local folder feed (the Orleans and Azure
/// packages they depend on from the machine's own NuGet sources).
/// </summary>
public sealed class PackageTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Packages = ["PresenceGrains.Abstractions", "PresenceGrains.Client"];

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("presence-packages-");

    // A version of its own per run, so a package restored by an earlier run can never stand in for this one.
    private readonly string _version = "0.1.0-test." + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Both_packages_pack_with_their_docs_and_a_consumer_builds_from_the_folder_feed()
    {
        var root = RepoRoot.Find();
        var feed = Directory.CreateDirectory(Path.Combine(_work.FullName, "feed")).FullName;

        // The test's own configuration was built with it (Debug or Release): pack what was built, do not build again.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        await Task.WhenAll(Packages.Select(p => Dotnet.RunAsync(root,
            "pack", Path.Combine("src", p), "-c", configuration, "--no-build", "-o", feed, $"-p:Version={_version}")));

        foreach (var package in Packages)
        {
            AssertPackage(Path.Combine(feed, $"{package}.{_version}.nupkg"), package);
        }

        var consumer = await WriteConsumerAsync(feed);
        var built = await Dotnet.RunAsync(consumer, "build", "-c", "Release", "-warnaserror");
        output.WriteLine(built.Split('\n').LastOrDefault(l => l.Contains("Elapsed", StringComparison.Ordinal)) ?? "");

        // The consumer's restore took PresenceGrains packages from the folder feed: its assets name this run's version.
        var assets = await File.ReadAllTextAsync(Path.Combine(consumer, "obj", "project.assets.json"));
        Assert.Contains($"PresenceGrains.Client/{_version}", assets, StringComparison.Ordinal);
        Assert.Contains($"PresenceGrains.Abstractions/{_version}", assets, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Delete(recursive: true);

    private void AssertPackage(string path, string id)
    {
        Assert.True(File.Exists(path), $"{path} was not packed");
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", entries);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);

        using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        Assert.Equal(_version, Field("version"));
        Assert.Equal("README.md", Field("readme"));
        Assert.True(Field("description").Length > 40, $"{id} has no real description: '{Field("description")}'");

        // Every public member of the package is documented (CS1591 is an error in these projects): the docs are not empty.
        using var docs = new StreamReader(zip.GetEntry($"lib/net10.0/{id}.xml")!.Open());
        Assert.True(XDocument.Parse(docs.ReadToEnd()).Descendants("member").Count() > 10, $"{id}'s XML docs are nearly empty");
    }

    /// <summary>A project outside the repository (no Directory.*.props reach it) that uses the README's code.</summary>
    private async Task<string> WriteConsumerAsync(string feed)
    {
        var consumer = Directory.CreateDirectory(Path.Combine(_work.FullName, "consumer")).FullName;
        await File.WriteAllTextAsync(Path.Combine(consumer, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(consumer, "Directory.Packages.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(consumer, "NuGet.config"), await NuGetConfigAsync(feed));
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="PresenceGrains.Client" Version="{_version}" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.5" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using PresenceGrains.Abstractions;
            using PresenceGrains.Client;

            var builder = Host.CreateApplicationBuilder(args);
            builder.UseOrleansClient(client => client.UsePresenceCluster(builder.Configuration));
            using var host = builder.Build();
            await host.StartAsync();
            var presence = host.Services.GetRequiredService<IPresenceClient>();
            bool routable = await presence.IsRoutableAsync("demo", "agent-0001");
            IReadOnlyList<AgentPresence> ready = await presence.ListRoutableAsync("demo");
            await foreach (var change in presence.WatchAsync("demo"))
            {
                if (change.Presence is { } p) Console.WriteLine($"{p.AgentId} {p.State} routable={p.Routable}");
                else ready = await presence.ListRoutableAsync("demo");
            }
            """);
        return consumer;
    }

    /// <summary>
    /// The folder feed for PresenceGrains.* and nothing else; every other package from the sources this machine is set up
    /// with (read from the CLI, so a CI mirror works too). Packages already on the machine are used from its global folder;
    /// what the consumer adds goes into a folder of its own.
    /// </summary>
    private async Task<string> NuGetConfigAsync(string feed)
    {
        var sources = (await Dotnet.RunAsync(_work.FullName, "nuget", "list", "source", "--format", "short"))
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith('E'))
            .Select(l => l[1..].Trim())
            .ToList();
        var machine = sources.Select((s, i) => (Key: $"machine-{i}", Url: s)).ToList();
        var globalFolder = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Escape(Path.Combine(_work.FullName, "packages"))}" /></config>
              <fallbackPackageFolders><clear /><add key="machine" value="{Escape(globalFolder)}" /></fallbackPackageFolders>
              <packageSources>
                <clear />
                <add key="presence-feed" value="{Escape(feed)}" />
                {string.Join("\n    ", machine.Select(m => $"<add key=\"{m.Key}\" value=\"{Escape(m.Url)}\" />"))}
              </packageSources>
              <packageSourceMapping>
                <packageSource key="presence-feed"><package pattern="PresenceGrains.*" /></packageSource>
                {string.Join("\n    ", machine.Select(m => $"<packageSource key=\"{m.Key}\"><package pattern=\"*\" /></packageSource>"))}
              </packageSourceMapping>
            </configuration>
            """;
    }

    private static string Escape(string value) => SecurityElement.Escape(value);
}
