using AgentChat.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace AgentChat.Tests.Api;

/// <summary>Bad configuration stops the Api at start with a message that names the setting.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("AI:Provider", "OpenAI", "AI:Model is required for the OpenAI provider")]
    [InlineData("AI:Endpoint", "not a url", "AI:Endpoint 'not a url' is not an absolute URL")]
    [InlineData("Streaming:MaxActiveGenerationsPerUser", "0", "MaxActiveGenerationsPerUser")]
    [InlineData("AI:Demo:TokensPerSecond", "0", "TokensPerSecond")]
    [InlineData("Streaming:MaxChunkChars", "0", "MaxChunkChars")]
    [InlineData("Streaming:TokenChannelCapacity", "1", "TokenChannelCapacity")]
    [InlineData("Streaming:HistoryMessages", "-1", "HistoryMessages")]
    [InlineData("Streaming:FinalWriteAttempts", "0", "FinalWriteAttempts")]
    [InlineData("Streaming:ChunkLogRetryDelay", "00:00:00", "ChunkLogRetryDelay")]
    [InlineData("Streaming:ResumeRetention", "00:00:00", "The field ResumeRetention must be between 00:00:01 and 7.00:00:00.")]
    [InlineData("Streaming:LogSegmentChunks", "0", "LogSegmentChunks")]
    [InlineData("Streaming:MaxChunksPerLogWrite", "4", "MaxChunksPerLogWrite")]
    [InlineData("RateLimiting:UserPermitsPerMinute", "0", "UserPermitsPerMinute")]
    [InlineData("Identity:AdminEmails:0", "not-an-email", "Identity:AdminEmails has 'not-an-email'")]
    public async Task A_bad_setting_stops_the_api_at_start_naming_it(string key, string value, string expected)
    {
        var servers = await SharedServers.GetAsync();
        await using var host = new ApiFactory(servers, $"config_{Guid.NewGuid():N}",
            settings: new Dictionary<string, string?> { [key] = value });

        var error = Record.Exception(() => host.Server);

        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException aggregate ? aggregate.InnerException : error);
        Assert.Contains(expected, validation.Message);
    }
}
