namespace AgentChat.AppHost.Infrastructure;

/// <summary>How Redis and PostgreSQL run.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, else the machine's own binaries.</summary>
    Auto,

    /// <summary>The usual Aspire Redis and PostgreSQL containers.</summary>
    Containers,

    /// <summary>The machine's installed redis-server and PostgreSQL, as Aspire executables.</summary>
    Executables
}
