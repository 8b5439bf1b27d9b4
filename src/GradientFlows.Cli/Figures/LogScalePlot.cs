using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace GradientFlows.Cli.Figures;

/// <summary>A line plot with a logarithmic y axis, written as a self-contained SVG file (pure managed, no native renderer).</summary>
/// <remarks>
/// The SVG names the font Helvetica, but a renderer without it substitutes what it has (librsvg with fontconfig picks
/// DejaVu Sans, about 15 % wider than Helvetica). OxyPlot's built-in measurer (its PDF context) returns Helvetica's
/// advance widths scaled by 0.75 (points, not pixels) and a line height of 0.84 em, so the layout undercounts every
/// text and clips the legend. Layout therefore measures with <see cref="FallbackWidth"/> and
/// <see cref="FallbackHeight"/>: Helvetica in pixels, widened by 1.2 to cover DejaVu Sans and Verdana, with DejaVu's
/// line height of 1.17 em.
/// </remarks>
internal sealed class LogScalePlot
{
    /// <summary>Factor on the PDF measurer's width: 1.2 (wide fallback font over Helvetica) / 0.75 (points to pixels).</summary>
    private const double FallbackWidth = 1.2 / 0.75;

    /// <summary>Factor on the PDF measurer's height: 1.17 em (DejaVu Sans line height) / 0.84 em.</summary>
    private const double FallbackHeight = 1.17 / 0.84;

    /// <summary>Minimum distance in pixels between two markers of a curve, so markers stay legible on dense data.</summary>
    private const int MarkerSpacing = 28;

    private readonly PlotModel _model;
    private readonly List<(string Label, double X, OxyColor Color)> _markers = [];

    /// <summary>Creates an empty plot.</summary>
    public LogScalePlot(string title, string xLabel, string yLabel)
    {
        _model = new PlotModel { Title = title, Background = OxyColors.White, DefaultFont = "Helvetica", TitleFontSize = 14, Padding = new OxyThickness(8, 16, 16, 12) };
        _model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xLabel, MajorGridlineStyle = LineStyle.Dot, AxisTitleDistance = 6 });
        _model.Axes.Add(new LogarithmicAxis { Position = AxisPosition.Left, Title = yLabel, MajorGridlineStyle = LineStyle.Dot, AxisTitleDistance = 10 });
        _model.Legends.Add(new Legend
        {
            LegendPlacement = LegendPlacement.Outside,
            LegendPosition = LegendPosition.RightTop,
            LegendOrientation = LegendOrientation.Vertical,
            LegendSymbolLength = 32,
            LegendItemSpacing = 12,
            LegendLineSpacing = 4,
            LegendPadding = 8,
        });
    }

    /// <summary>
    /// Adds a curve; points with y ≤ 0 or non-finite y are left out (a log axis cannot show them). A marker type other
    /// than <see cref="MarkerType.None"/> draws markers at most every <see cref="MarkerSpacing"/> pixels, and a
    /// thickness below 2 suits a reference curve drawn on top of data it should not hide.
    /// </summary>
    public void AddCurve(
        string label, IEnumerable<(double X, double Y)> points, OxyColor color, LineStyle style = LineStyle.Solid,
        MarkerType marker = MarkerType.None, double thickness = 2)
    {
        var series = new LineSeries
        {
            Title = label,
            Color = color,
            LineStyle = style,
            StrokeThickness = thickness,
            MarkerType = marker,
            MarkerSize = 3.5,
            MarkerFill = marker is MarkerType.Cross or MarkerType.Plus or MarkerType.Star ? OxyColors.Undefined : OxyColors.White,
            MarkerStroke = color,
            MarkerStrokeThickness = 1.5,
            MarkerResolution = MarkerSpacing,
        };
        foreach (var (x, y) in points)
        {
            if (double.IsFinite(y) && y > 0)
            {
                series.Points.Add(new DataPoint(x, y));
            }
        }
        _model.Series.Add(series);
    }

    /// <summary>Adds a vertical marker line at x with a label; drawn only when x lies within the curves' time range.</summary>
    public void AddMarker(string label, double x, OxyColor color) => _markers.Add((label, x, color));

    /// <summary>Writes the SVG to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        var xs = _model.Series.OfType<LineSeries>().SelectMany(s => s.Points).Select(p => p.X).ToList();
        foreach (var (label, x, color) in _markers)
        {
            if (double.IsFinite(x) && xs.Count > 0 && x >= xs.Min() && x <= xs.Max())
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
        using var stream = File.Create(path);
        // The workaround places text by its baseline, which browsers and librsvg honour (the default shifts labels).
        new SvgExporter
        {
            Width = 960,
            Height = 560,
            UseVerticalTextAlignmentWorkaround = true,
            TextMeasurer = new WideFontMeasurer(),
        }.Export(_model, stream);
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

    /// <summary>OxyPlot's PDF measurer with its width and height scaled to a wide fallback font in pixels.</summary>
    private sealed class WideFontMeasurer() : PdfRenderContext(960, 560, OxyColors.White)
    {
        public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
        {
            var size = base.MeasureText(text, fontFamily, fontSize, fontWeight);
            return new OxySize(size.Width * FallbackWidth, size.Height * FallbackHeight);
        }
    }
}
