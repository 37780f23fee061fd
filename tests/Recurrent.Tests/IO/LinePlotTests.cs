using System.Xml.Linq;
using Recurrent.IO;

namespace Recurrent.Tests.IO;

public class LinePlotTests
{
    [Fact]
    public void DrawsOneLinePerSeriesWithAxesLabelsAndLegendAsValidSvg()
    {
        var svg = LinePlot.Render("Loss <1>", "step", "loss (nats per token)",
        [
            new LinePlot.Series("training", "blue", [(0, 4.0), (100, 2.0), (200, 1.5)]),
            new LinePlot.Series("validation", "red", [(100, 2.2), (200, 1.9)]),
        ]);
        var root = XDocument.Parse(svg).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        var lines = root.Elements(ns + "polyline").Where(p => (string?)p.Attribute("stroke") is "blue" or "red").ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(3, lines[0].Attribute("points")!.Value.Split(' ').Length);
        var texts = root.Elements(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("step", texts);
        Assert.Contains("loss (nats per token)", texts);
        Assert.Contains("Loss <1>", texts);
        Assert.Contains("validation", texts);
        Assert.Contains("200", texts);
    }

    [Fact]
    public void HigherLossIsDrawnHigherUp()
    {
        var svg = XDocument.Parse(LinePlot.Render("t", "x", "y", [new LinePlot.Series("s", "blue", [(0, 4.0), (10, 1.0)])]));
        var points = svg.Descendants().Single(e => (string?)e.Attribute("stroke") == "blue" && e.Name.LocalName == "polyline")
            .Attribute("points")!.Value.Split(' ').Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(points[0] < points[1], "SVG y grows downwards, so the larger first loss must have the smaller y.");
    }

    [Fact]
    public void AnEmptyOrFlatChartStillRenders()
    {
        Assert.Contains("</svg>", LinePlot.Render("t", "x", "y", []));
        Assert.DoesNotContain("NaN", LinePlot.Render("t", "x", "y", [new LinePlot.Series("s", "blue", [(5, 2.0), (5, 2.0), (6, double.NaN)])]));
    }
}
