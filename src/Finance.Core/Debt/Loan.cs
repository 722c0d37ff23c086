using Finance.Core.Common;
using NodaTime;

namespace Finance.Core.Debt;

/// <summary>What the borrowed money is for: the municipality's own investments, or on-lending (videreutlån, startlån).</summary>
public enum LoanCategory
{
    Investment,
    OnLending,
}

/// <summary>Fixed (fastrente) or floating (flytende: Nibor, Husbanken flytende, P.t. rente).</summary>
public enum RateType
{
    Fixed,
    Floating,
}

/// <summary>
/// How the principal is repaid: <c>Bullet</c> (avdragsfritt, all at final maturity — bonds, certificates, bullet loans),
/// <c>Serial</c> (serielån, equal instalments) or <c>Annuity</c> (annuitetslån, level instalment + interest).
/// </summary>
public enum Amortisation
{
    Bullet,
    Serial,
    Annuity,
}

/// <summary>
/// Why a loan is left out of the rate-exposed base (finansreglementet): on-lending (formidlingslån/startlån, the
/// borrowers carry the rate), VAR (water/sewage, fee-financed), state rate compensation (rentekompensasjon), leases
/// (OPS). <c>None</c>: the loan carries the municipality's rate risk.
/// </summary>
public enum RateRiskExclusion
{
    None,
    OnLending,
    Var,
    RateCompensated,
    Lease,
}

/// <summary>
/// A loan as it stands at <see cref="BalanceDate"/>: the outstanding <see cref="BalanceNok"/>, the rate then in force and the
/// date its rate next resets (floating: next reset; fixed: end of the fixed period; null: floating → resets now, fixed →
/// fixed to maturity). <see cref="InstalmentsPerYear"/> sets the instalment plan of serial and annuity loans: instalments
/// fall on the final maturity date and every 12/n months before it.
/// Valid by construction: balance ≥ 0, maturity after the balance date, reset date not after maturity.
/// </summary>
public sealed record Loan
{
    public Loan(string id, string lender, string product, LoanCategory category, RateType rateType, Rate rate,
        decimal balanceNok, LocalDate balanceDate, LocalDate maturityDate, Amortisation amortisation,
        LocalDate? nextRateResetDate = null, bool green = false, RateRiskExclusion rateRiskExclusion = RateRiskExclusion.None,
        int instalmentsPerYear = 1)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("A loan needs an id.", nameof(id));
        if (balanceNok < 0m) throw new ArgumentOutOfRangeException(nameof(balanceNok), "A balance is not negative.");
        if (maturityDate <= balanceDate) throw new ArgumentOutOfRangeException(nameof(maturityDate), "Final maturity must be after the balance date.");
        if (nextRateResetDate is { } r && r > maturityDate) throw new ArgumentOutOfRangeException(nameof(nextRateResetDate), "A rate reset after final maturity.");
        if (instalmentsPerYear is not (1 or 2 or 4 or 12)) throw new ArgumentOutOfRangeException(nameof(instalmentsPerYear), "Instalments per year is 1, 2, 4 or 12.");
        Id = id;
        Lender = lender;
        Product = product;
        Category = category;
        RateType = rateType;
        Rate = rate;
        BalanceNok = balanceNok;
        BalanceDate = balanceDate;
        MaturityDate = maturityDate;
        Amortisation = amortisation;
        NextRateResetDate = nextRateResetDate;
        Green = green;
        RateRiskExclusion = rateRiskExclusion;
        InstalmentsPerYear = instalmentsPerYear;
    }

    public string Id { get; }
    public string Lender { get; }
    public string Product { get; }
    public LoanCategory Category { get; }
    public RateType RateType { get; }
    public Rate Rate { get; }
    public decimal BalanceNok { get; }
    public LocalDate BalanceDate { get; }
    public LocalDate MaturityDate { get; }
    public Amortisation Amortisation { get; }
    public LocalDate? NextRateResetDate { get; }
    public bool Green { get; }
    public RateRiskExclusion RateRiskExclusion { get; }
    public int InstalmentsPerYear { get; }

    /// <summary>A lease (OPS) is a financial obligation kept apart from borrowing (Tabell 3.1 prints it below "Sum innlån").</summary>
    public bool IsLease => RateRiskExclusion == RateRiskExclusion.Lease;

    /// <summary>
    /// The date the loan's current rate stops applying, seen from <paramref name="asOf"/>: the next reset date (floating),
    /// the end of the fixed period (fixed), or maturity for a fixed loan without one; a floating loan without a reset date,
    /// or any reset date already passed, counts as resetting at <paramref name="asOf"/>. Never after final maturity.
    /// </summary>
    public LocalDate FixingEnd(LocalDate asOf)
    {
        var end = NextRateResetDate ?? (RateType == RateType.Fixed ? MaturityDate : asOf);
        if (end < asOf) end = asOf;
        return end > MaturityDate ? MaturityDate : end;
    }

    /// <summary>The loan with a new balance at a new date (an instalment, a drawdown, a new balance from the lender).</summary>
    public Loan WithBalance(decimal balanceNok, LocalDate balanceDate) =>
        new(Id, Lender, Product, Category, RateType, Rate, balanceNok, balanceDate, MaturityDate, Amortisation, NextRateResetDate, Green, RateRiskExclusion, InstalmentsPerYear);
}

/// <summary>The codes used in JSON, CSV and storage (camelCase, as the API contract names them).</summary>
public static class DebtCodes
{
    public static string Code(this LoanCategory v) => v == LoanCategory.Investment ? "investment" : "onLending";
    public static string Code(this RateType v) => v == RateType.Fixed ? "fixed" : "floating";
    public static string Code(this Amortisation v) => v switch { Amortisation.Bullet => "bullet", Amortisation.Serial => "serial", _ => "annuity" };
    public static string Code(this RateRiskExclusion v) => v switch
    {
        RateRiskExclusion.None => "none",
        RateRiskExclusion.OnLending => "onLending",
        RateRiskExclusion.Var => "var",
        RateRiskExclusion.RateCompensated => "rateCompensated",
        _ => "lease",
    };

    public static bool TryParse<T>(string? code, out T value) where T : struct, Enum =>
        ByCode<T>.Values.TryGetValue(code ?? "", out value);

    /// <summary>Each enum's values by code, built once (a register read parses four codes per loan).</summary>
    private static class ByCode<T> where T : struct, Enum
    {
        public static readonly Dictionary<string, T> Values = Enum.GetValues<T>().ToDictionary(v => v switch
        {
            LoanCategory x => x.Code(),
            RateType x => x.Code(),
            Amortisation x => x.Code(),
            RateRiskExclusion x => x.Code(),
            _ => v.ToString(),
        }, StringComparer.Ordinal);
    }

    public static T Parse<T>(string code) where T : struct, Enum =>
        TryParse<T>(code, out var v) ? v : throw new FormatException($"Unknown {typeof(T).Name} '{code}'.");

    /// <summary>The codes of an enum, for error messages: "bullet, serial, annuity".</summary>
    public static string Allowed<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => v switch
    {
        LoanCategory x => x.Code(),
        RateType x => x.Code(),
        Amortisation x => x.Code(),
        RateRiskExclusion x => x.Code(),
        _ => v.ToString(),
    }));
}
