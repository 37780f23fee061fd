using System.Runtime.ExceptionServices;

namespace Recurrent.Kernels;

/// <summary>
/// How many threads the kernels may use, and the small pool of long-lived worker threads they share.
/// Kernels split their output across threads, never a reduction, so a result does not depend on <see cref="Count"/>.
/// </summary>
public static class KernelThreads
{
    private static readonly object _gate = new();
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
    /// Runs <paramref name="job"/> once for every task index in [0, taskCount), on the calling thread and up to
    /// <see cref="Count"/> − 1 workers. Tasks are handed out in order but may finish in any order, so a job must make
    /// each task write its own part of the output. Allocates nothing once the workers have started.
    /// </summary>
    internal static void Run(KernelJob job, int taskCount)
    {
        var helpers = Math.Min(Count, taskCount) - 1;
        // A second caller while the pool is busy runs on its own thread rather than wait: same result, no deadlock.
        if (helpers <= 0 || !Monitor.TryEnter(_gate))
        {
            for (var task = 0; task < taskCount; task++)
                job.Execute(task);
            return;
        }
        try
        {
            for (; _started < helpers; _started++)
                new Thread(WorkerLoop) { IsBackground = true, Name = "Recurrent kernel worker" }.Start();
            _job = job;
            _taskCount = taskCount;
            _nextTask = 0;
            _pending = helpers;
            _failure = null;
            _wake.Release(helpers);
            try
            {
                Drain(job, taskCount);
            }
            finally
            {
                // The helpers read the job's buffers, so they must all be finished before the caller returns.
                WaitForHelpers();
                _job = null;
            }
            if (_failure is { } failure)
                ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    private static void WorkerLoop()
    {
        while (true)
        {
            _wake.Wait();
            try
            {
                Drain(_job!, _taskCount);
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

    private static void Drain(KernelJob job, int taskCount)
    {
        int task;
        while ((task = Interlocked.Increment(ref _nextTask) - 1) < taskCount)
            job.Execute(task);
    }
}

/// <summary>A unit of parallel work for <see cref="KernelThreads.Run"/>: one call per task index.</summary>
internal abstract class KernelJob
{
    public abstract void Execute(int task);
}
