using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The meters and activity sources a service wants exported. A service registers its own
/// (<see cref="AddTelemetrySource"/>) before calling <c>AddServiceDefaults</c>.
/// </summary>
public sealed class TelemetrySources
{
    public List<string> Meters { get; } = [];
    public List<string> ActivitySources { get; } = [];

    public static TelemetrySources From(IServiceCollection services)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(TelemetrySources))?.ImplementationInstance;
        if (existing is TelemetrySources sources)
        {
            return sources;
        }
        sources = new TelemetrySources();
        services.AddSingleton(sources);
        return sources;
    }
}

public static class TelemetrySourcesExtensions
{
    public static TBuilder AddTelemetrySource<TBuilder>(this TBuilder builder, string meterAndSourceName) where TBuilder : IHostApplicationBuilder
    {
        var sources = TelemetrySources.From(builder.Services);
        sources.Meters.Add(meterAndSourceName);
        sources.ActivitySources.Add(meterAndSourceName);
        return builder;
    }
}
