using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PresenceGrains.Emulator.Channel;

/// <summary>
/// Serialises a frame once into an exact-size UTF-8 array that every socket sends as is. The writer and its buffer are
/// reused per thread, so the only allocation per frame is the payload itself.
/// </summary>
internal static class FrameSerializer
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => Write(value, typeInfo, static (w, v, t) => JsonSerializer.Serialize(w, v, t));

    /// <summary>Runs <paramref name="write"/> on a reset writer and returns the bytes written.</summary>
    public static byte[] Write<TState1, TState2>(TState1 state1, TState2 state2, Action<Utf8JsonWriter, TState1, TState2> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        write(writer, state1, state2);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
