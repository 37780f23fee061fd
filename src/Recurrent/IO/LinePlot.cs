using System.Globalization;
using System.Net;
using System.Text;
namespace Recurrent.IO;

/// <summary>
/// A small SVG line chart — axes with round ticks and labels, one coloured line per series and a legend — that any
/// browser opens: the loss curves of a training run, the DET curve of a wake-word evaluation. No plotting library
/// is needed for a few lines.
/// </summary>
public static class LinePlot
{
    /// <summary>A named curve of (x, y) points, drawn in <paramref name="Colour"/> (any CSS colour).</summary>
    public sealed record Series(string Name, string Colour, IReadOnlyList<(double X, double Y)> Points);

    /// <summary>Colours for series in order: distinct, and readable for the common kinds of colour blindness.</summary>
    public static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"];

    private const double Width = 640, Height = 400, Left = 64, Right = 16, Top = 32, Bottom = 48;

    public static void Write(string path, string title, string xLabel, string yLabel, IReadOnlyList<Series> series) =>
        AtomicFile.WriteAllText(path, Render(title, xLabel, yLabel, series));

    /// <summary>The SVG text. Non-finite points are skipped; an empty chart still has its axes.</summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<Series> series)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y) && double.IsFinite(p.X)).ToList();
        var (xMin, xMax) = points.Count == 0 ? (0.0, 1.0) : (points.Min(p => p.X), points.Max(p => p.X));
        var (yMin, yMax) = points.Count == 0 ? (0.0, 1.0) : (points.Min(p => p.Y), points.Max(p => p.Y));
        if (xMax <= xMin) xMax = xMin + 1;
        if (yMax <= yMin) (yMin, yMax) = (yMin - 0.5, yMax + 0.5);
        var yTicks = Ticks(yMin, yMax);
        var xTicks = Ticks(xMin, xMax);
        (yMin, yMax) = (Math.Min(yMin, yTicks[0]), Math.Max(yMax, yTicks[^1]));
        double X(double x) => Left + (x - xMin) / (xMax - xMin) * (Width - Left - Right);
        double Y(double y) => Height - Bottom - (y - yMin) / (yMax - yMin) * (Height - Top - Bottom);

        var svg = new StringBuilder();
        void Line(FormattableString text) => svg.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        Line($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif" font-size="12">""");
        Line($"""<rect width="{Width}" height="{Height}" fill="white"/>""");
        Line($"""<text x="{Width / 2}" y="20" text-anchor="middle" font-size="14">{WebUtility.HtmlEncode(title)}</text>""");
        foreach (var tick in yTicks)
        {
            var y = Y(tick);
            Line($"""<line x1="{Left}" y1="{y:F1}" x2="{Width - Right}" y2="{y:F1}" stroke="#e5e5e5"/>""");
            Line($"""<text x="{Left - 6}" y="{y + 4:F1}" text-anchor="end">{Label(tick)}</text>""");
        }
        foreach (var tick in xTicks.Where(t => t >= xMin && t <= xMax))
        {
            var x = X(tick);
            Line($"""<line x1="{x:F1}" y1="{Height - Bottom}" x2="{x:F1}" y2="{Height - Bottom + 5}" stroke="black"/>""");
            Line($"""<text x="{x:F1}" y="{Height - Bottom + 18}" text-anchor="middle">{Label(tick)}</text>""");
        }
        Line($"""<polyline points="{Left},{Top} {Left},{Height - Bottom} {Width - Right},{Height - Bottom}" fill="none" stroke="black"/>""");
        Line($"""<text x="{(Left + Width - Right) / 2}" y="{Height - 10}" text-anchor="middle">{WebUtility.HtmlEncode(xLabel)}</text>""");
        Line($"""<text transform="translate(16 {(Top + Height - Bottom) / 2}) rotate(-90)" text-anchor="middle">{WebUtility.HtmlEncode(yLabel)}</text>""");
        for (var i = 0; i < series.Count; i++)
        {
            var curve = series[i].Points.Where(p => double.IsFinite(p.Y) && double.IsFinite(p.X))
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.X):F1},{Y(p.Y):F1}"));
            Line($"""<polyline points="{string.Join(' ', curve)}" fill="none" stroke="{series[i].Colour}" stroke-width="2"/>""");
            var legendY = Top + 4 + 16 * i;
            Line($"""<line x1="{Width - Right - 120}" y1="{legendY}" x2="{Width - Right - 100}" y2="{legendY}" stroke="{series[i].Colour}" stroke-width="2"/>""");
            Line($"""<text x="{Width - Right - 94}" y="{legendY + 4}">{WebUtility.HtmlEncode(series[i].Name)}</text>""");
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>About five round tick values (1, 2 or 5 × 10ⁿ apart) covering [min, max].</summary>
    private static double[] Ticks(double min, double max)
    {
        var rough = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough);
        var first = Math.Floor(min / step) * step;
        var ticks = new List<double>();
        for (var t = first; t < max + step * 0.999; t += step) ticks.Add(Math.Round(t / step) * step);
        return [.. ticks];
    }

    private static string Label(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
