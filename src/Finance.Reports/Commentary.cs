namespace Finance.Reports;

/// <summary>
/// The treasurer's text sections of a finance report and where each stands: the chapter it opens (or closes), in the
/// order of the printed Finansrapport. The text is stored per report (kind and period), versioned, and shown in place.
/// </summary>
public static class Commentary
{
    /// <summary>A section: its key (the API's <c>section</c>), its printed title, the chapter it belongs to and whether it ends the chapter.</summary>
    public sealed record Section(string Key, string Title, string Chapter, bool AtEnd = false);

    public const string SummaryChapter = "summary";
    public const string AssessmentChapter = "assessment";

    public static readonly IReadOnlyList<Section> Sections =
    [
        new("mainPoints", "Hovedpunkter", SummaryChapter),
        new("fund", "Forvaltningsfondet", "fund"),
        new("market", "Markedsutviklingen", "fund"),
        new("liquidity", "Kortsiktig likviditet", "liquidity"),
        new("debt", "Gjeldsporteføljen", "debt"),
        new("stress", "Stresstest: vurdering", "stress", AtEnd: true),
        new("assessment", "Kommunedirektørens vurdering", AssessmentChapter),
        new("outlook", "Utsikter", AssessmentChapter),
    ];

    public static Section? Find(string key) => Sections.FirstOrDefault(s => s.Key == key);

    /// <summary>
    /// The chapters with the commentary in place: a summary chapter first (main points), each chapter's text at its start
    /// (or end), and the assessment and outlook in their own chapter after the stress test. Sections without text are left out.
    /// </summary>
    public static IReadOnlyList<ReportChapter> Place(IReadOnlyList<ReportChapter> chapters, IReadOnlyList<ReportCommentary> commentary)
    {
        var written = commentary.Where(c => c.Text.Length > 0).ToDictionary(c => c.Section);
        IEnumerable<ReportBlock> For(string chapter, bool atEnd) => Sections
            .Where(s => s.Chapter == chapter && s.AtEnd == atEnd && written.ContainsKey(s.Key))
            .Select(s => (ReportBlock)new CommentaryBlock(written[s.Key]));
        var result = new List<ReportChapter>();
        if (For(SummaryChapter, false).ToList() is { Count: > 0 } summary)
        {
            result.Add(new ReportChapter(SummaryChapter, "Sammendrag", summary));
        }
        foreach (var chapter in chapters)
        {
            result.Add(chapter with { Blocks = For(chapter.Id, false).Concat(chapter.Blocks).Concat(For(chapter.Id, true)).ToList() });
            if (chapter.Id == "stress" && For(AssessmentChapter, false).ToList() is { Count: > 0 } assessment)
            {
                result.Add(new ReportChapter(AssessmentChapter, "Vurdering og utsikter", assessment));
            }
        }
        return result;
    }
}
