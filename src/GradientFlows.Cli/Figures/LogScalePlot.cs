using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace GradientFlows.Cli.Figures;

/// <summary>A line plot with a logarithmic y axis, written as a self-contained SVG file (pure managed, no native renderer).</summary>
internal sealed class LogScalePlot
{
    private readonly PlotModel _model;

    /// <summary>Creates an empty plot.</summary>
    public LogScalePlot(string title, string xLabel, string yLabel)
    {
        _model = new PlotModel { Title = title, Background = OxyColors.White, DefaultFont = "Helvetica", TitleFontSize = 14, Padding = new OxyThickness(8, 16, 48, 12) };
        _model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xLabel, MajorGridlineStyle = LineStyle.Dot });
        _model.Axes.Add(new LogarithmicAxis { Position = AxisPosition.Left, Title = yLabel, MajorGridlineStyle = LineStyle.Dot });
        _model.Legends.Add(new Legend
        {
            LegendPlacement = LegendPlacement.Outside,
            LegendPosition = LegendPosition.RightTop,
            LegendOrientation = LegendOrientation.Vertical,
            LegendMaxWidth = 860,
        });
    }

    /// <summary>Adds a curve; points with y ≤ 0 or non-finite y are left out (a log axis cannot show them).</summary>
    public void AddCurve(string label, IEnumerable<(double X, double Y)> points, OxyColor color, LineStyle style = LineStyle.Solid)
    {
        var series = new LineSeries { Title = label, Color = color, LineStyle = style, StrokeThickness = 2 };
        foreach (var (x, y) in points)
        {
            if (double.IsFinite(y) && y > 0)
            {
                series.Points.Add(new DataPoint(x, y));
            }
        }
        _model.Series.Add(series);
    }

    /// <summary>Adds a vertical marker line at x with a label.</summary>
    public void AddMarker(string label, double x, OxyColor color)
    {
        if (double.IsFinite(x))
        {
            _model.Annotations.Add(new OxyPlot.Annotations.LineAnnotation
            {
                Type = OxyPlot.Annotations.LineAnnotationType.Vertical,
                X = x,
                Color = color,
                LineStyle = LineStyle.Dash,
                Text = label,
            });
        }
    }

    /// <summary>Writes the SVG to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        // The workaround places text by its baseline, which browsers and librsvg honour (the default shifts labels).
        new SvgExporter { Width = 960, Height = 560, UseVerticalTextAlignmentWorkaround = true }.Export(_model, stream);
    }

    /// <summary>
    /// Formats a number for tables in at most 8 characters: three significant digits, fixed notation between 10⁻² and
    /// 10⁴, otherwise scientific (e.g. <c>1.23e-4</c>); "—" for a missing value.
    /// </summary>
    public static string Format(double? value) => value switch
    {
        null => "—",
        0 => "0",
        double v when Math.Abs(v) >= 1e-2 && Math.Abs(v) < 1e4 => v.ToString("G3", CultureInfo.InvariantCulture),
        double v => v.ToString("0.00e+0", CultureInfo.InvariantCulture),
    };
}
