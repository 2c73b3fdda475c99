namespace AgentChat.Api.Streaming.Generation;

/// <summary>A piece of answer text as it left the model, stamped for the chunk latency metric.</summary>
public readonly record struct TokenArrival(string Text, long Timestamp);
