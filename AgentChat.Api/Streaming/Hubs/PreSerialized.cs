using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentChat.Api.Streaming.Hubs;

/// <summary>
/// A hub argument already in JSON (a sealed log segment, <see cref="Chunks.LogSegment"/>): the
/// hub writes it as it is instead of serializing an object. Only for JSON that is known to be one
/// well-formed value; <see cref="Chunks.LogSegment.Read"/> checks that when it reads one back.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class PreSerialized(ReadOnlyMemory<byte> json)
{
    public ReadOnlyMemory<byte> Json { get; } = json;

    private sealed class Converter : JsonConverter<PreSerialized>
    {
        public override PreSerialized Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Only ever written.");

        public override void Write(Utf8JsonWriter writer, PreSerialized value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Json.Span, skipInputValidation: true);
    }
}
