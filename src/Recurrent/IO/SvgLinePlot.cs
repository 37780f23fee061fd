using System.Globalization;
using System.Net;
using System.Text;

namespace Recurrent.IO;

/// <summary>
/// A small self-contained SVG line chart (axes, ticks, one polyline per series, legend), for plots written next to
/// a run: the training loss curve, an evaluation's DET curve. No dependency, readable in any browser.
/// </summary>
public static class SvgLinePlot
{
    private const int Width = 640, Height = 400, Left = 70, Right = 20, Top = 40, Bottom = 50;
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"];

    /// <summary>The chart as SVG text; non-finite points are skipped.</summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points)> series)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var (xMin, xMax) = Range(points.Select(p => p.X));
        var (yMin, yMax) = Range(points.Select(p => p.Y));
        double X(double x) => Left + (x - xMin) / (xMax - xMin) * (Width - Left - Right);
        double Y(double y) => Height - Bottom - (y - yMin) / (yMax - yMin) * (Height - Top - Bottom);
        var svg = new StringBuilder();
        void Line(FormattableString text) => svg.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        Line($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">");
        Line($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>");
        Line($"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>");
        Line($"<text x=\"{Width / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\">{Escape(xLabel)}</text>");
        Line($"<text x=\"16\" y=\"{Height / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {Height / 2})\">{Escape(yLabel)}</text>");
        Line($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"none\" stroke=\"#444\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var xv = xMin + (xMax - xMin) * i / 4;
            var yv = yMin + (yMax - yMin) * i / 4;
            Line($"<text x=\"{X(xv):F1}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{xv:G4}</text>");
            Line($"<text x=\"{Left - 6}\" y=\"{Y(yv) + 4:F1}\" text-anchor=\"end\">{yv:G4}</text>");
            Line($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(yv):F1}\" y2=\"{Y(yv):F1}\" stroke=\"#ddd\"/>");
        }
        for (var s = 0; s < series.Count; s++)
        {
            var color = Colors[s % Colors.Length];
            var path = string.Join(" ", series[s].Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.X):F1},{Y(p.Y):F1}")));
            Line($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{path}\"/>");
            Line($"<text x=\"{Width - Right - 8}\" y=\"{Top + 16 + 16 * s}\" text-anchor=\"end\" fill=\"{color}\">{Escape(series[s].Name)}</text>");
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points)> series) =>
        AtomicFile.WriteAllText(path, Render(title, xLabel, yLabel, series));

    /// <summary>The data's range, widened when flat or empty so the scale never divides by zero.</summary>
    private static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) return (0, 1);
        var (min, max) = (list.Min(), list.Max());
        return max > min ? (min, max) : (min - 0.5, max + 0.5);
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
