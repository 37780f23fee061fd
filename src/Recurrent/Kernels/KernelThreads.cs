using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Recurrent.Kernels;

/// <summary>
/// How many threads the kernels may use, and the small pool of long-lived worker threads they share.
/// Kernels split their output across threads, never a reduction, so a result does not depend on <see cref="Count"/>.
/// </summary>
/// <remarks>
/// A worker that has finished a job spins for <see cref="SpinTicks"/> before it sleeps, as OpenMP runtimes do: a
/// recurrent step calls several small products in a row, and a worker still spinning joins the next one at once, where
/// waking a sleeping thread for each cost more than the half product it took over (streaming LSTM step 69.5 → 81.7 µs
/// when that was tried; with spinning workers and a one-row dot tile, 66 → 36 µs). A worker that has not joined by
/// the time the caller has run out of tasks is struck off the job, so the caller never waits for a thread that had
/// nothing to do.
/// </remarks>
public static class KernelThreads
{
    /// <summary>How long an idle worker spins before it sleeps: 100 µs, a few recurrent steps of a small model.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 10_000;

    private static int _busy;  // 1 while a caller has the workers: a flag, not a lock, so that a task cannot re-enter
    private static readonly object _doneLock = new();
    private static int _count = Environment.ProcessorCount;
    private static Worker[] _workers = [];
    private static int _generation;  // bumped by every job, which is how spinning workers notice one
    private static KernelJob? _job;
    private static int _helpers;
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
    /// Runs task indices [0, <paramref name="taskCount"/>) of <paramref name="job"/>, shared with the workers when
    /// <see cref="TryBegin"/> allows, else all on the calling thread; returns when every task has finished.
    /// </summary>
    internal static void Run(KernelJob job, int taskCount)
    {
        if (!TryBegin(job, taskCount))
        {
            for (var task = 0; task < taskCount; task++)
                job.Execute(task);
            return;
        }
        try
        {
            while (TryTakeTask(out var task))
                job.Execute(task);
        }
        finally
        {
            End();
        }
    }

    /// <summary>
    /// Offers <paramref name="job"/> to up to <see cref="Count"/> − 1 workers, which call it once for each task index
    /// in [0, taskCount) that they take. Returns false, starting nothing, when one thread is all that may be used or
    /// when another caller has the workers; the caller then does all the work itself. After true, the caller takes
    /// tasks too with <see cref="TryTakeTask"/> and then calls <see cref="End"/> on the same thread. Tasks may finish
    /// in any order, so each must write its own part of the output. Allocates nothing once the workers have started.
    /// A task that itself calls a parallel kernel gets false here, on the calling thread as on a worker, and runs it alone.
    /// </summary>
    private static bool TryBegin(KernelJob job, int taskCount)
    {
        var helpers = Math.Min(Count, taskCount) - 1;
        // A second caller while the workers are busy runs on its own thread rather than wait: same result, no deadlock.
        if (helpers <= 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            return false;
        StartWorkers(helpers);
        _job = job;
        _helpers = helpers;
        _taskCount = taskCount;
        _nextTask = 0;
        _pending = helpers;
        _failure = null;
        for (var w = 0; w < helpers; w++)
            Volatile.Write(ref _workers[w].Role, Worker.Invited);
        Interlocked.Increment(ref _generation);
        // A worker that has gone to sleep (or is about to) is woken by exactly one of the two sides: see AwaitJob.
        for (var w = 0; w < helpers; w++)
        {
            if (Interlocked.CompareExchange(ref _workers[w].Sleeping, 0, 1) == 1)
                _workers[w].Wake.Release();
        }
        return true;
    }

    /// <summary>Claims the next task not yet taken by any thread.</summary>
    private static bool TryTakeTask(out int task)
    {
        task = Interlocked.Increment(ref _nextTask) - 1;
        return task < _taskCount;
    }

    /// <summary>
    /// Strikes off the workers that have not joined (every task is taken by now), waits for those that have, since they
    /// read the job's buffers, and rethrows a failure.
    /// </summary>
    private static void End()
    {
        try
        {
            for (var w = 0; w < _helpers; w++)
            {
                if (Interlocked.CompareExchange(ref _workers[w].Role, Worker.StruckOff, Worker.Invited) == Worker.Invited)
                    Interlocked.Decrement(ref _pending);
            }
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

    /// <summary>Starts workers until there are <paramref name="helpers"/>; only a caller holding the workers does this.</summary>
    private static void StartWorkers(int helpers)
    {
        if (_workers.Length >= helpers)
            return;
        var workers = _workers;
        Array.Resize(ref workers, helpers);
        for (var w = _workers.Length; w < helpers; w++)
        {
            var worker = workers[w] = new Worker(Volatile.Read(ref _generation));
            new Thread(() => WorkerLoop(worker)) { IsBackground = true, Name = "Recurrent kernel worker" }.Start();
        }
        _workers = workers;
    }

    private static void WorkerLoop(Worker worker)
    {
        var seen = worker.StartGeneration;
        while (true)
        {
            seen = AwaitJob(worker, seen);
            // Only the job of the moment can hold this worker's invitation, whichever generation woke it.
            if (Interlocked.CompareExchange(ref worker.Role, Worker.Joined, Worker.Invited) != Worker.Invited)
                continue;
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
    /// Returns once the generation differs from <paramref name="seen"/>: spinning for up to <see cref="SpinTicks"/>,
    /// then asleep. Before sleeping the worker raises its Sleeping flag and looks once more; <see cref="TryBegin"/> bumps
    /// the generation before it looks at the flag. Both are full fences, so either the worker sees the new generation
    /// (and lowers its own flag) or the caller sees the flag (lowers it and wakes the worker), never neither; whoever
    /// lowers the flag decides, so a wake-up is never lost or left over.
    /// </summary>
    private static int AwaitJob(Worker worker, int seen)
    {
        var start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _generation) == seen)
        {
            // Look at the generation between single pauses (tens of nanoseconds) and at the clock only now and then:
            // the smallest shared products last a microsecond or two, and a late worker finds nothing left.
            for (var spin = 0; spin < 64 && Volatile.Read(ref _generation) == seen; spin++)
                Thread.SpinWait(1);
            if (Stopwatch.GetTimestamp() - start < SpinTicks)
                continue;
            Interlocked.Exchange(ref worker.Sleeping, 1);
            if (Volatile.Read(ref _generation) == seen || Interlocked.CompareExchange(ref worker.Sleeping, 0, 1) != 1)
                worker.Wake.Wait();
            break;
        }
        return Volatile.Read(ref _generation);
    }

    /// <summary>
    /// Spins for up to <see cref="SpinTicks"/>, since helpers usually finish within microseconds of the caller, then
    /// sleeps on a monitor. A monitor rather than an event because its first blocking wait allocates nothing.
    /// </summary>
    private static void WaitForHelpers()
    {
        var start = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _pending) > 0 && Stopwatch.GetTimestamp() - start < SpinTicks)
            Thread.SpinWait(1);
        if (Volatile.Read(ref _pending) == 0)
            return;
        lock (_doneLock)
        {
            while (Volatile.Read(ref _pending) > 0)
                Monitor.Wait(_doneLock);
        }
    }

    /// <summary>One worker thread's flags.</summary>
    private sealed class Worker(int startGeneration)
    {
        public const int Idle = 0, Invited = 1, Joined = 2, StruckOff = 3;

        public readonly SemaphoreSlim Wake = new(0);

        /// <summary>The generation when the worker was made: it waits for the next one.</summary>
        public readonly int StartGeneration = startGeneration;

        /// <summary>1 while the worker sleeps on <see cref="Wake"/> or is about to.</summary>
        public int Sleeping;

        /// <summary>Its part in the current job: Invited by <see cref="TryBegin"/>, then Joined or StruckOff.</summary>
        public int Role = Idle;
    }
}

/// <summary>A unit of parallel work for <see cref="KernelThreads.TryBegin"/>: one call per task index.</summary>
internal abstract class KernelJob
{
    public abstract void Execute(int task);
}
