using System.Text;
using System.Threading.Channels;
using AgentChat.Api.Streaming.Chunks;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// The publishing side of a generation: numbers chunks 1, 2, 3 … across every kind, merging
/// deltas of one kind (text with text, reasoning with reasoning) that queued up while the previous
/// chunk was being logged and broadcast. Tool and usage events are never merged.
/// </summary>
public sealed class TokenPublisher(ChunkPublisher publisher, StreamingTelemetry telemetry, IOptions<StreamingOptions> options, TimeProvider time)
{
    /// <summary>Returns the last sequence used (0 when the model produced nothing).</summary>
    public async Task<long> PublishAsync(AnswerChunks answer, ChannelReader<TokenArrival> tokens)
    {
        var maxChunkChars = options.Value.MaxChunkChars;
        long sequence = 0;
        var text = new StringBuilder();
        while (await tokens.WaitToReadAsync())
        {
            if (!tokens.TryRead(out var first))
            {
                continue;
            }
            if (!first.IsDelta)
            {
                sequence++;
                await publisher.PublishAsync(answer.Event(sequence, first));
                telemetry.ChunkLatency.Record(time.GetElapsedTime(first.Timestamp).TotalMilliseconds);
                continue;
            }
            text.Clear().Append(first.Text);
            while (text.Length < maxChunkChars && tokens.TryPeek(out var next) && next.Kind == first.Kind && tokens.TryRead(out next))
            {
                text.Append(next.Text);
            }
            if (text.Length == 0)
            {
                continue;
            }
            sequence++;
            await publisher.PublishAsync(answer.Delta(sequence, first.Kind, text.ToString()));
            telemetry.ChunkLatency.Record(time.GetElapsedTime(first.Timestamp).TotalMilliseconds);
        }
        return sequence;
    }
}
