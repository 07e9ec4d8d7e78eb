using System.Collections.Concurrent;
using Orleans.Providers.Streams.Common;

namespace PresenceGrains.Host.Hosting;

/// <summary>
/// The stream cache's blocks: a freed block is kept for reuse while fewer than <c>kept</c> wait, and otherwise left to
/// the GC. Orleans' pool keeps every block it ever made, so the largest burst a silo ever cached stays its floor.
/// </summary>
public sealed class ReleasingBlockPool(int blockSize, int kept) : IObjectPool<FixedSizeBuffer>
{
    private readonly ConcurrentStack<FixedSizeBuffer> _free = new();
    private int _freeCount;

    public FixedSizeBuffer Allocate()
    {
        if (_free.TryPop(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
        }
        else
        {
            block = new FixedSizeBuffer(blockSize);
        }

        block.Pool = this;
        return block;
    }

    public void Free(FixedSizeBuffer block)
    {
        if (Interlocked.Increment(ref _freeCount) <= kept)
        {
            _free.Push(block);
        }
        else
        {
            Interlocked.Decrement(ref _freeCount);
        }
    }

    /// <summary>How many freed blocks wait for reuse (what tests read).</summary>
    public int FreeCount => Volatile.Read(ref _freeCount);
}
