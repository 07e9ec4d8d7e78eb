using System.Buffers;

namespace PresenceGrains.Platform.Rest;

/// <summary>Reads an HTTP body with a size limit, so a misbehaving platform cannot make the client buffer without bound.</summary>
internal static class BoundedContent
{
    public static async Task<byte[]> ReadAsync(HttpContent content, int maxBytes, string operation, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(operation, declared, maxBytes);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var body = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    throw TooLarge(operation, body.Length + read, maxBytes);
                }

                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return body.ToArray();
    }

    private static PlatformRequestException TooLarge(string operation, long bytes, int maxBytes) =>
        new($"{operation}: the platform's answer of at least {bytes} bytes exceeds the limit of {maxBytes} bytes.");
}
