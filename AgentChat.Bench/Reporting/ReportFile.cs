using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentChat.Bench.Reporting;

/// <summary>The same figures as the table, as JSON, for comparing runs.</summary>
public static class ReportFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals
    };

    public static async Task WriteAsync(BenchReport report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, Json);
    }
}
