using System.Globalization;
using System.Text;

namespace Finance.Reports;

/// <summary>A series of a chart: its name, colour and one value per category (null: no value).</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<decimal?> Values);

/// <summary>
/// Charts drawn as inline SVG (no chart library restores here): grouped or stacked bars, lines, and an optional band (min–max)
/// per category. Values are in display units (MNOK, percent) — the caller converts; the axis is labelled with
/// <see cref="Norwegian.Number"/>.
/// </summary>
public static class SvgChart
{
    private const int Width = 760, Height = 300, Left = 64, Right = 16, Top = 16, Bottom = 64;

    public static string Draw(
        string title,
        IReadOnlyList<string> categories,
        IReadOnlyList<ChartSeries> bars,
        IReadOnlyList<ChartSeries> lines,
        string unit,
        IReadOnlyList<(decimal Min, decimal Max)?>? bands = null,
        bool stacked = false)
    {
        // Stacked bars: positive values on top of each other, negative ones below zero; the axis covers the sums.
        var stackSums = stacked
            ? categories.Select((_, i) => bars.Sum(b => Math.Max(b.Values.ElementAtOrDefault(i) ?? 0m, 0m))).Concat(
                categories.Select((_, i) => bars.Sum(b => Math.Min(b.Values.ElementAtOrDefault(i) ?? 0m, 0m)))).Select(v => (double)v)
            : [];
        var all = bars.Concat(lines).SelectMany(s => s.Values).Where(v => v.HasValue).Select(v => (double)v!.Value).Concat(stackSums)
            .Concat(bands?.Where(b => b.HasValue).SelectMany(b => new[] { (double)b!.Value.Min, (double)b.Value.Max }) ?? [])
            .Append(0.0).ToList();
        var (min, max, step) = NiceScale(all.Min(), all.Max());
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Y(double v) => Top + plotH * (max - v) / (max - min);
        var n = Math.Max(categories.Count, 1);
        var slot = (double)plotW / n;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-label=\"{Esc(title)}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Esc(title)}</title>");
        for (var v = min; v <= max + step / 2; v += step)
        {
            var y = Y(v);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"{(Math.Abs(v) < step / 1e6 ? "#555" : "#ddd")}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\" fill=\"#333\">{Esc(Norwegian.Number((decimal)v, step < 1 ? 1 : 0))}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{Top + plotH / 2}\" transform=\"rotate(-90 12 {Top + plotH / 2})\" text-anchor=\"middle\" fill=\"#333\">{Esc(unit)}</text>");

        var barW = bars.Count == 0 ? 0 : stacked ? slot * 0.6 : slot * 0.7 / bars.Count;
        for (var i = 0; i < categories.Count; i++)
        {
            var x0 = Left + slot * i;
            if (bands?.ElementAtOrDefault(i) is { } band)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x0 + slot * 0.08)}\" width=\"{F(slot * 0.84)}\" y=\"{F(Y((double)band.Max))}\" height=\"{F(Y((double)band.Min) - Y((double)band.Max))}\" fill=\"#e8f0e0\" stroke=\"#9b9\" stroke-dasharray=\"3 2\"/>");
            }
            double up = 0, down = 0;
            for (var s = 0; s < bars.Count; s++)
            {
                if (bars[s].Values.ElementAtOrDefault(i) is not { } value)
                {
                    continue;
                }
                if (stacked)
                {
                    var from = value >= 0 ? up : down;
                    var to = from + (double)value;
                    if (value >= 0) up = to; else down = to;
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x0 + slot * 0.2)}\" width=\"{F(barW)}\" y=\"{F(Math.Min(Y(from), Y(to)))}\" height=\"{F(Math.Max(Math.Abs(Y(from) - Y(to)), 0.5))}\" fill=\"{bars[s].Color}\"><title>{Esc(bars[s].Name)} {Esc(categories[i])}: {Esc(Norwegian.Number(value, 1))}</title></rect>");
                    continue;
                }
                var y = Y((double)value);
                var zero = Y(0);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x0 + slot * 0.15 + barW * s)}\" width=\"{F(barW * 0.92)}\" y=\"{F(Math.Min(y, zero))}\" height=\"{F(Math.Max(Math.Abs(zero - y), 0.5))}\" fill=\"{bars[s].Color}\"><title>{Esc(bars[s].Name)} {Esc(categories[i])}: {Esc(Norwegian.Number(value, 1))}</title></rect>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x0 + slot / 2)}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\" fill=\"#333\">{Esc(categories[i])}</text>");
        }
        foreach (var line in lines)
        {
            var points = line.Values.Select((v, i) => v is { } value ? $"{F(Left + slot * i + slot / 2)},{F(Y((double)value))}" : null).Where(p => p is not null).ToList();
            if (points.Count == 0)
            {
                continue;
            }
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{line.Color}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>");
            foreach (var p in points)
            {
                var xy = p!.Split(',');
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{xy[0]}\" cy=\"{xy[1]}\" r=\"2.5\" fill=\"{line.Color}\"/>");
            }
        }
        var legendX = Left;
        foreach (var s in bars.Select(b => (b.Name, b.Color, Line: false)).Concat(lines.Select(l => (l.Name, l.Color, Line: true))))
        {
            var y = Height - 18;
            svg.Append(s.Line
                ? string.Create(CultureInfo.InvariantCulture, $"<line x1=\"{legendX}\" x2=\"{legendX + 14}\" y1=\"{y - 4}\" y2=\"{y - 4}\" stroke=\"{s.Color}\" stroke-width=\"2\"/>")
                : string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"{y - 10}\" width=\"14\" height=\"10\" fill=\"{s.Color}\"/>"));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{legendX + 18}\" y=\"{y}\" fill=\"#333\">{Esc(s.Name)}</text>");
            legendX += 30 + s.Name.Length * 6;
        }
        if (bands is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{legendX}\" y=\"{Height - 28}\" width=\"14\" height=\"10\" fill=\"#e8f0e0\" stroke=\"#9b9\"/><text x=\"{legendX + 18}\" y=\"{Height - 18}\" fill=\"#333\">Tillatt avvik</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Axis bounds and a step of 1, 2 or 5 × 10ⁿ giving about five gridlines.</summary>
    internal static (double Min, double Max, double Step) NiceScale(double min, double max)
    {
        if (max - min < 1e-9)
        {
            max = min + 1;
        }
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Esc(string s) => HtmlReport.E(s);
}
