using System.Text;
using System.Threading.Channels;
using AgentChat.Api.Streaming.Chunks;
using Microsoft.Extensions.Options;

namespace AgentChat.Api.Streaming.Generation;

/// <summary>
/// The publishing side of a generation: numbers chunks 1, 2, 3 …, merging tokens that queued up
/// while the previous chunk was being logged and broadcast into one chunk.
/// </summary>
public sealed class TokenPublisher(ChunkPublisher publisher, StreamingTelemetry telemetry, IOptions<StreamingOptions> options, TimeProvider time)
{
    /// <summary>Returns the last sequence used (0 when the model produced no text).</summary>
    public async Task<long> PublishAsync(AnswerChunks answer, ChannelReader<TokenArrival> tokens)
    {
        var maxChunkChars = options.Value.MaxChunkChars;
        long sequence = 0;
        var text = new StringBuilder();
        while (await tokens.WaitToReadAsync())
        {
            text.Clear();
            long oldest = 0;
            while (text.Length < maxChunkChars && tokens.TryRead(out var token))
            {
                if (oldest == 0)
                {
                    oldest = token.Timestamp;
                }
                text.Append(token.Text);
            }
            if (text.Length == 0)
            {
                continue;
            }
            sequence++;
            await publisher.PublishAsync(answer.Next(sequence, text.ToString()));
            telemetry.ChunkLatency.Record(time.GetElapsedTime(oldest).TotalMilliseconds);
        }
        return sequence;
    }
}
