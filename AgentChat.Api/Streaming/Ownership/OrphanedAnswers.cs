using AgentChat.Api.Data;
using AgentChat.Api.Streaming.Chunks;
using AgentChat.Api.Streaming.Generation;

namespace AgentChat.Api.Streaming.Ownership;

/// <summary>
/// Ends an answer whose owner is gone, from what its chunk log holds: recovery ends it
/// <c>interrupted</c>, a user's stop ends it <c>stopped</c>. The caller has claimed it
/// (<see cref="GenerationLeases.TryClaimRecoveryAsync"/>), so only one replica does this.
/// </summary>
public sealed class OrphanedAnswers(ChunkLog log, AnswerCompletion completion)
{
    /// <returns>Whether this call ended it (false when someone else had meanwhile).</returns>
    public async Task<bool> FinishAsync(AnswerChunks answer, string? model, MessageStatus ending)
    {
        var logged = await log.ReadAllAsync(answer.MessageId);
        // The owner may have logged its final chunk and died before PostgreSQL heard of it.
        var status = logged?.FinalStatus is { } final ? Enum.Parse<MessageStatus>(final, ignoreCase: true) : ending;
        var error = status == MessageStatus.Failed ? logged?.FinalText : null;
        // A tool that was running when its owner died is stored failed, not forever running.
        var details = logged is null ? null : new AnswerDetails(logged.Reasoning, null,
            (logged.ToolCalls ?? []).Select(AnswerParts.EndedIfRunning).ToList(), logged.Usage);
        var end = new AnswerEnd(logged?.Content ?? "", status, error, logged?.LastSequence ?? 0, Model: model, Details: details);
        return await completion.FinishAsync(answer, end, onlyIfStreaming: true, finalAlreadyLogged: logged?.FinalStatus is not null);
    }
}
