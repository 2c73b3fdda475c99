using Microsoft.Extensions.Configuration;

namespace AgentChat.AppHost.Infrastructure;

/// <summary>
/// The AppHost's own settings (section <c>Infrastructure</c>, plus <c>Api:Replicas</c>), read from
/// appsettings, environment or the command line: <c>-- --Infrastructure:Mode Executables</c>.
/// </summary>
public sealed record InfrastructureSettings(InfrastructureMode Mode, string DataDirectory, int ApiReplicas)
{
    public static InfrastructureSettings From(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var requested = config["Infrastructure:Mode"];
        var mode = InfrastructureMode.Auto;
        if (!string.IsNullOrWhiteSpace(requested) && !Enum.TryParse(requested, ignoreCase: true, out mode))
        {
            throw new InvalidOperationException(
                $"Infrastructure:Mode is '{requested}'; use Auto, Containers or Executables.");
        }
        if (mode == InfrastructureMode.Auto)
        {
            // What azd deploys is always the container shape, whatever this machine has.
            mode = builder.ExecutionContext.IsPublishMode || ContainerRuntimeProbe.Answers(config)
                ? InfrastructureMode.Containers
                : InfrastructureMode.Executables;
        }

        var dataDirectory = config["Infrastructure:DataDirectory"];
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            dataDirectory = Path.Combine(builder.AppHostDirectory, ".data");
        }

        var replicasText = config["Api:Replicas"];
        var replicas = 1;
        if (!string.IsNullOrWhiteSpace(replicasText) && (!int.TryParse(replicasText, out replicas) || replicas is < 1 or > 16))
        {
            throw new InvalidOperationException($"Api:Replicas is '{replicasText}'; use a whole number from 1 to 16.");
        }

        return new InfrastructureSettings(mode, Path.GetFullPath(dataDirectory), replicas);
    }
}
