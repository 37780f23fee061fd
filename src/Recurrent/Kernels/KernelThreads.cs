using System.Runtime.ExceptionServices;

namespace Recurrent.Kernels;

/// <summary>
/// How many threads the kernels may use, and the small pool of long-lived worker threads they share.
/// Kernels split their output across threads, never a reduction, so a result does not depend on <see cref="Count"/>.
/// </summary>
public static class KernelThreads
{
    private static int _busy;  // 1 while a caller has the workers: a flag, not a lock, so that a task cannot re-enter
    private static readonly SemaphoreSlim _wake = new(0);
    private static readonly object _doneLock = new();
    private static int _count = Environment.ProcessorCount;
    private static int _started;
    private static KernelJob? _job;
    private static int _taskCount;
    private static int _nextTask;
    private static int _pending;
    private static Exception? _failure;

    /// <summary>The most threads one kernel call may use, the calling thread included. Defaults to the processor count.</summary>
    public static int Count
    {
        get => Volatile.Read(ref _count);
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(value), value, "KernelThreads.Count must be at least 1.");
            Volatile.Write(ref _count, value);
        }
    }

    /// <summary>
    /// Starts up to <see cref="Count"/> − 1 workers on <paramref name="job"/>, which they call once for each task index
    /// in [0, taskCount) that they take. Returns false, starting nothing, when one thread is all that may be used or
    /// when another caller has the workers; the caller then does all the work itself. After true, the caller takes
    /// tasks too with <see cref="TryTakeTask"/> and must then call <see cref="End"/> on the same thread. Tasks may finish
    /// in any order, so each must write its own part of the output. Allocates nothing once the workers have started.
    /// A task that itself calls a parallel kernel gets false here, on the calling thread as on a worker, and runs it alone.
    /// </summary>
    internal static bool TryBegin(KernelJob job, int taskCount)
    {
        var helpers = Math.Min(Count, taskCount) - 1;
        // A second caller while the workers are busy runs on its own thread rather than wait: same result, no deadlock.
        if (helpers <= 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            return false;
        for (; _started < helpers; _started++)
            new Thread(WorkerLoop) { IsBackground = true, Name = "Recurrent kernel worker" }.Start();
        _job = job;
        _taskCount = taskCount;
        _nextTask = 0;
        _pending = helpers;
        _failure = null;
        _wake.Release(helpers);
        return true;
    }

    /// <summary>Claims the next task not yet taken by any thread.</summary>
    internal static bool TryTakeTask(out int task)
    {
        task = Interlocked.Increment(ref _nextTask) - 1;
        return task < _taskCount;
    }

    /// <summary>Waits for the workers to finish their tasks, since they read the job's buffers, and rethrows a failure.</summary>
    internal static void End()
    {
        try
        {
            WaitForHelpers();
            _job = null;
            if (_failure is { } failure)
                ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private static void WorkerLoop()
    {
        while (true)
        {
            _wake.Wait();
            try
            {
                var job = _job!;
                while (TryTakeTask(out var task))
                    job.Execute(task);
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref _failure, exception, null);
            }
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                lock (_doneLock)
                    Monitor.PulseAll(_doneLock);
            }
        }
    }

    /// <summary>
    /// Spins briefly, since helpers usually finish within microseconds of the caller, then sleeps on a monitor.
    /// A monitor rather than an event because its first blocking wait allocates nothing.
    /// </summary>
    private static void WaitForHelpers()
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref _pending) > 0 && !spinner.NextSpinWillYield)
            spinner.SpinOnce();
        if (Volatile.Read(ref _pending) == 0)
            return;
        lock (_doneLock)
        {
            while (Volatile.Read(ref _pending) > 0)
                Monitor.Wait(_doneLock);
        }
    }
}

/// <summary>A unit of parallel work for <see cref="KernelThreads.TryBegin"/>: one call per task index.</summary>
internal abstract class KernelJob
{
    public abstract void Execute(int task);
}
