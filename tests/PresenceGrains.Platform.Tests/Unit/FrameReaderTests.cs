using System.Net.WebSockets;
using System.Text;
using PresenceGrains.Platform.Channel;
using PresenceGrains.Platform.Tests.Support;

namespace PresenceGrains.Platform.Tests.Unit;

public sealed class FrameReaderTests
{
    private const int Limit = 1024;

    [Fact]
    public async Task A_frame_over_the_limit_is_read_to_its_end_and_dropped_and_the_next_frame_still_arrives()
    {
        await using var sockets = await LoopbackWebSockets.OpenAsync();
        var reader = new FrameReader(sockets.Client, Limit);

        // Sent in fragments, as a platform would send a large message.
        var big = new byte[10 * Limit + 7];
        for (var offset = 0; offset < big.Length; offset += 700)
        {
            var count = Math.Min(700, big.Length - offset);
            await sockets.Server.SendAsync(big.AsMemory(offset, count), WebSocketMessageType.Text, offset + count == big.Length, default);
        }

        await sockets.Server.SendAsync(Encoding.UTF8.GetBytes("after"), WebSocketMessageType.Text, true, default);

        var oversized = await reader.ReadAsync(default);
        Assert.Equal(ReceivedFrameKind.Oversized, oversized.Kind);
        Assert.Equal(big.Length, oversized.Length);

        var next = await reader.ReadAsync(default);
        Assert.Equal(ReceivedFrameKind.Text, next.Kind);
        Assert.Equal("after", Encoding.UTF8.GetString(next.Text.Span));
    }

    [Fact]
    public async Task A_frame_of_exactly_the_limit_is_kept()
    {
        await using var sockets = await LoopbackWebSockets.OpenAsync();
        var reader = new FrameReader(sockets.Client, Limit);

        await sockets.Server.SendAsync(new byte[Limit], WebSocketMessageType.Text, true, default);

        var frame = await reader.ReadAsync(default);
        Assert.Equal(ReceivedFrameKind.Text, frame.Kind);
        Assert.Equal(Limit, frame.Text.Length);
    }

    [Fact]
    public async Task Binary_frames_and_the_close_are_told_apart()
    {
        await using var sockets = await LoopbackWebSockets.OpenAsync();
        var reader = new FrameReader(sockets.Client, Limit);

        await sockets.Server.SendAsync(new byte[3], WebSocketMessageType.Binary, true, default);
        await sockets.Server.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "token expired", default);

        Assert.Equal(ReceivedFrameKind.Binary, (await reader.ReadAsync(default)).Kind);
        var closed = await reader.ReadAsync(default);
        Assert.Equal(ReceivedFrameKind.Closed, closed.Kind);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, closed.CloseStatus);
        Assert.Equal("token expired", closed.CloseDescription);
    }
}
