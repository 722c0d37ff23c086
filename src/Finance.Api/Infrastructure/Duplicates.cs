namespace Finance.Api.Infrastructure;

/// <summary>
/// One rule for every request that carries a list keyed by something (a class and a date, a date, a limit id, an item):
/// a key given twice is refused with 400 naming the duplicated keys — never "the last one wins".
/// </summary>
public static class Duplicates
{
    /// <summary>
    /// Adds a problem to <paramref name="field"/> naming each key of <paramref name="items"/> that appears more than once.
    /// Items without a key (null) are left to the other checks.
    /// </summary>
    public static Validation Check<T>(Validation v, string field, IEnumerable<T> items, Func<T, string?> key, string keyName)
    {
        var duplicated = items.Select(key).OfType<string>().GroupBy(k => k, StringComparer.Ordinal)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return v.When(duplicated.Count > 0, field,
            $"Each {keyName} once; given more than once: {string.Join(", ", duplicated.Select(k => $"'{k}'"))}.");
    }
}
