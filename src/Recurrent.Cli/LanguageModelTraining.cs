using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Embeddings;
using Recurrent.Layers.Recurrent;
using Recurrent.Models;
using Recurrent.Tensors;
using Recurrent.Text;
using Recurrent.Training;

namespace Recurrent.Cli;

/// <summary>
/// Trains a language model as <c>rnn train lm</c> and <c>rnn demo</c> do: reads and splits the corpus, builds the
/// tokenizer and model (or resumes the checkpoint in the output folder), runs the <see cref="TrainingLoop"/> with
/// the progress display until the budget, early stopping or Ctrl+C, and reports where everything was saved.
/// </summary>
internal static class LanguageModelTraining
{
    /// <summary>Model configuration key recording the training files, so <c>rnn generate --novelty</c> finds them.</summary>
    public const string TrainingDataKey = "training_data";

    /// <summary>Key under <see cref="TrainingDataKey"/> for --max-doc-chars (absent: every document).</summary>
    public const string MaxDocumentCharsKey = "max_document_chars";

    /// <summary>Epochs when no --epochs, --steps or --minutes is given.</summary>
    private const double DefaultEpochs = 10;

    /// <param name="Model">the best model (by validation loss), reloaded from the output folder</param>
    public sealed record Result(TrainingStopReason Reason, SequenceModel<float> Model, ITokenizer Tokenizer, TrainingRunFolder Folder);

    public static Result Run(CliContext context, LanguageModelSettings settings)
    {
        var o = context.Output;
        if (settings.WordVectors is not null && settings.Level != "word")
            throw new ArgumentException("--word-vectors needs --level word: word vectors give one vector per word, not per character.");
        if (settings.FreezeEmbedding && settings.WordVectors is null)
            throw new ArgumentException("--freeze-embedding keeps the embedding from --word-vectors; give --word-vectors too.");
        var folder = new TrainingRunFolder(Path.GetFullPath(settings.Out));
        if (settings.Resume) settings = ResumedSettings(settings, folder.CheckpointPath);
        var (corpus, train, validation) = ReadAndSplit(settings.Data, settings.Format, settings.MaxDocumentChars, settings.ValFraction, settings.Seed);
        Trainer<float> trainer;
        ITokenizer tokenizer;
        TokenStreamBatches data;
        var state = TrainingLoopState.Fresh;
        if (settings.Resume)
        {
            var checkpointModel = ModelFile.Load<float>(folder.CheckpointPath);
            tokenizer = Tokenizers.FromConfig(checkpointModel.Config, folder.CheckpointPath);
            data = Batches(DocumentStream.Encode(tokenizer, train), settings);
            trainer = Checkpoint.Resume<float>(folder.CheckpointPath, data);
            state = TrainingLoopState.FromJson(Checkpoint.ReadRunState(folder.CheckpointPath), folder.CheckpointPath);
            o.WriteLine($"Resuming {folder.CheckpointPath} at step {trainer.Step} (model, optimizer, batch shape and validation split come from the checkpoint).");
        }
        else
        {
            // Characters come from the whole corpus so validation never meets an unknown one; words from the
            // training part only, so <unk> in validation is measured honestly.
            tokenizer = Tokenizers.Build(settings.Level, settings.Level == "char" ? corpus.Documents : train, corpus.HasDocuments, settings.MinCount);
            data = Batches(DocumentStream.Encode(tokenizer, train), settings);
            var vectors = settings.WordVectors is null ? null : WordVectorsFile.Read(settings.WordVectors);
            var model = CreateModel(settings, corpus, tokenizer, vectors, o);
            trainer = new Trainer<float>(model, data, new TrainerOptions
            {
                Optimizer = settings.Optimizer,
                LearningRate = settings.LearningRate,
                ClipNorm = settings.Clip,
                Schedule = settings.LearningRateDecay,
                FrozenParameters = settings.FreezeEmbedding ? ["embedding.weight"] : [],
            });
        }
        var validationTokens = DocumentStream.Encode(tokenizer, validation);
        long? maxSteps = settings.Steps
            ?? (settings.Epochs is { } epochs ? (long)Math.Ceiling(epochs * data.WindowsPerEpoch)
                : settings.Minutes is null ? (long)(DefaultEpochs * data.WindowsPerEpoch) : null);
        var loop = new TrainingLoop(new LanguageModelTask(trainer, data, validationTokens, settings.ValTokens ?? int.MaxValue), folder, new TrainingLoopOptions
        {
            MaxSteps = maxSteps,
            TimeLimit = settings.Minutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            EvaluateEvery = settings.ValEvery,
            Patience = settings.Patience,
            PlotTitle = $"{tokenizer.Level}-level {trainer.Model.Config.Cell.ToConfigName()} language model",
        });
        if (settings.Resume) loop.Restore(state);

        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training a {tokenizer.Level}-level {trainer.Model.Config.Cell.ToConfigName()} ({trainer.Model.Parameters.Count:N0} parameters, vocabulary {tokenizer.VocabularySize:N0}) on {corpus.Documents.Count:N0} {(corpus.HasDocuments ? "documents" : "texts")}: {data.WindowsPerEpoch * (long)data.Steps * data.Batch:N0} training and {validationTokens.Length:N0} validation tokens."));
        TrainingStopReason reason;
        using (var cancellation = new CancellationTokenSource())
        {
            ConsoleCancelEventHandler stop = (_, e) =>
            {
                // Finish the step, save a checkpoint, then exit: the first Ctrl+C must not lose the run.
                e.Cancel = true;
                cancellation.Cancel();
            };
            Console.CancelKeyPress += stop;
            try
            {
                reason = TrainingProgress.Run(context, loop, cancellation.Token);
            }
            finally
            {
                Console.CancelKeyPress -= stop;
            }
        }
        o.WriteLine(reason switch
        {
            TrainingStopReason.Cancelled => $"Stopped at step {trainer.Step}; continue with --resume.",
            TrainingStopReason.EarlyStopping => $"Stopped early at step {trainer.Step}: the validation loss has not improved for {settings.Patience} evaluations.",
            _ => $"Finished at step {trainer.Step}.",
        });
        if (loop.BestLoss is { } best)
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Best validation loss {best:F3} nats/token (perplexity {Math.Exp(best):F2})."));
        var bestModel = ModelFile.Load<float>(folder.ModelPath);
        return new Result(reason, bestModel, tokenizer, folder);
    }

    /// <summary>
    /// Reads the corpus, keeps the documents within the length limit and splits it: the one place that decides which
    /// documents a model trains on, so training, <c>--resume</c> and <c>rnn generate --novelty</c> agree.
    /// </summary>
    public static (Corpus Corpus, List<string> Train, List<string> Validation) ReadAndSplit(
        IReadOnlyList<string> files, CorpusFormat? format, int? maxDocumentChars, double valFraction, ulong seed)
    {
        var corpus = CorpusReader.Read(files, format);
        if (maxDocumentChars is { } limit) corpus = corpus.KeepDocumentsUpTo(limit);
        var (train, validation) = CorpusSplit.Split(corpus, valFraction, seed);
        return (corpus, train, validation);
    }

    /// <summary>
    /// A resumed run must see the same batches and the same validation split, so those settings come from the
    /// checkpoint rather than the command line.
    /// </summary>
    private static LanguageModelSettings ResumedSettings(LanguageModelSettings settings, string checkpointPath)
    {
        if (!File.Exists(checkpointPath))
            throw new FileNotFoundException($"{checkpointPath}: nothing to resume (no checkpoint in --out).");
        var (steps, batch) = Checkpoint.ReadBatchShape(checkpointPath);
        settings = settings with { SeqLen = steps, Batch = batch };
        var config = ModelFile.ReadConfig(Recurrent.IO.SafeTensorsFile.Read(checkpointPath));
        if (config.Extra[TrainingDataKey] is JsonObject recorded)
        {
            settings = settings with
            {
                ValFraction = recorded["val_fraction"]?.GetValue<double>() ?? settings.ValFraction,
                Seed = recorded["seed"]?.GetValue<ulong>() ?? settings.Seed,
                MaxDocumentChars = recorded[MaxDocumentCharsKey]?.GetValue<int>(),
            };
        }
        return settings;
    }

    private static TokenStreamBatches Batches(int[] tokens, LanguageModelSettings settings) =>
        new(tokens, settings.SeqLen, settings.Batch);

    private static SequenceModel<float> CreateModel(LanguageModelSettings settings, Corpus corpus, ITokenizer tokenizer, WordVectors? vectors, TextWriter o)
    {
        if (vectors is not null && settings.Embedding is { } size && size != vectors.Dimension)
            throw new ArgumentException($"--embedding {size} does not match the word vectors' dimension {vectors.Dimension}; leave --embedding out to use {vectors.Dimension}.");
        var trainingData = new JsonObject
        {
            ["files"] = new JsonArray(corpus.Files.Select(f => (JsonNode)Path.GetFullPath(f)).ToArray()),
            ["format"] = settings.Format?.ToString(),
            ["val_fraction"] = settings.ValFraction,
            ["seed"] = settings.Seed,
        };
        if (settings.MaxDocumentChars is { } limit) trainingData[MaxDocumentCharsKey] = limit;
        var config = new SequenceModelConfig
        {
            Cell = settings.Cell,
            VocabSize = tokenizer.VocabularySize,
            EmbeddingSize = settings.Embedding ?? vectors?.Dimension ?? 64,
            HiddenSize = settings.Hidden,
            NumLayers = settings.Layers,
            Dropout = settings.Dropout,
            OutputDropout = settings.OutputDropout,
            OutputSize = tokenizer.VocabularySize,
            Extra = new JsonObject
            {
                [Tokenizers.ConfigKey] = tokenizer.ToJson(),
                [TrainingDataKey] = trainingData,
            },
        };
        var model = new SequenceModel<float>(config, new Rng(settings.Seed));
        if (vectors is not null)
        {
            var words = (WordTokenizer)tokenizer;
            var weight = model.Parameters.Find("embedding.weight")!.Value;
            var found = 0;
            for (var id = 0; id < words.VocabularySize; id++)
            {
                if (vectors.Find(words.Vocabulary[id]) is not { } row) continue;
                vectors[row].CopyTo(weight.Slice(id * vectors.Dimension, vectors.Dimension));
                found++;
            }
            o.WriteLine($"Initialised {found:N0} of {words.VocabularySize:N0} embeddings from {settings.WordVectors}{(settings.FreezeEmbedding ? " (frozen)" : "")}.");
        }
        return model;
    }
}
