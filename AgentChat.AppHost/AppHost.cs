using AgentChat.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = InfrastructureSettings.From(builder);
var data = infrastructure.Mode == InfrastructureMode.Containers
    ? builder.AddContainerInfrastructure()
    : builder.AddLocalInfrastructure(infrastructure);

var api = builder.AddProject<Projects.AgentChat_Api>("api")
    .WithReference(data.Redis)
    .WithReference(data.ChatDb)
    .WaitFor(data.RedisServer)
    .WaitFor(data.PostgresServer)
    .WithAiSettings(builder.Configuration)
    .WithReplicas(infrastructure.ApiReplicas)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.AgentChat_Web>("web")
    .WithReference(api)
    .WaitFor(api)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();
