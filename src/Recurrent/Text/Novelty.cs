namespace Recurrent.Text;

/// <summary>
/// How much generated text copies the training data: the share of its n-grams (word 8-grams for word models,
/// 32-character windows for character models) that occur verbatim in some training document.
/// </summary>
public sealed class Novelty
{
    private readonly HashSet<ulong> _seen = [];
    private readonly int _n;
    private readonly bool _words;

    /// <param name="words">true for word n-grams, false for character windows</param>
    public Novelty(IEnumerable<string> trainingDocuments, bool words)
    {
        _words = words;
        _n = words ? 8 : 32;
        foreach (var document in trainingDocuments)
            foreach (var hash in Hashes(Units(document))) _seen.Add(hash);
    }

    public int N => _n;

    /// <summary>Copied n-grams over all n-grams of <paramref name="text"/>, or null when it is shorter than one n-gram.</summary>
    public double? CopiedShare(string text)
    {
        var hashes = Hashes(Units(text)).ToList();
        return hashes.Count == 0 ? null : hashes.Count(_seen.Contains) / (double)hashes.Count;
    }

    private string[] Units(string text) =>
        _words ? [.. WordTokenizer.Split(text)] : [.. text.EnumerateRunes().Select(r => r.ToString())];

    /// <summary>64-bit FNV-1a of each run of n units (a separator between units keeps "ab c" apart from "a bc").</summary>
    private IEnumerable<ulong> Hashes(string[] units)
    {
        for (var start = 0; start + _n <= units.Length; start++)
        {
            var hash = 14695981039346656037UL;
            for (var i = start; i < start + _n; i++)
            {
                foreach (var c in units[i]) hash = (hash ^ c) * 1099511628211UL;
                hash = (hash ^ 0xFFFF) * 1099511628211UL;
            }
            yield return hash;
        }
    }
}
