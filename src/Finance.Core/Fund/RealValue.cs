using Finance.Core.Common;

namespace Finance.Core.Fund;

/// <summary>The real-value target (realverdi) and the buffer capital (bufferkapital) of the fund at a year end.</summary>
public sealed record RealValueResult(
    int Year,
    decimal TargetNok,
    decimal Factor,
    decimal MarketValueNok,
    decimal SurplusNok,
    decimal GrunnkapitalNok,
    decimal BufferCapitalNok,
    Rate BufferShare);

public static class RealValue
{
    /// <summary>
    /// The council's target: keep the real value of the base amount in base-year kroner (1 804 MNOK in 2002-kroner):
    /// <c>RV = base × CPI_year / CPI_base</c> with annual-average CPI. The factor is <c>CPI_year / CPI_base</c>.
    /// </summary>
    public static decimal Factor(decimal cpiBaseYear, decimal cpiYear) =>
        cpiBaseYear <= 0m ? throw new ArgumentOutOfRangeException(nameof(cpiBaseYear), "CPI must be positive.") : cpiYear / cpiBaseYear;

    public static decimal Target(decimal baseNok, decimal cpiBaseYear, decimal cpiYear) => baseNok * Factor(cpiBaseYear, cpiYear);

    /// <summary>
    /// Bufferkapital = fund value − grunnkapital (the fund's equity is grunnkapital + bufferkapital, and its equity is its
    /// market value); buffer share = buffer / fund value. Surplus (overdekning) = market value − real-value target.
    /// </summary>
    public static RealValueResult At(int year, decimal marketValueNok, decimal grunnkapitalNok, decimal baseNok, decimal cpiBaseYear, decimal cpiYear)
    {
        var factor = Factor(cpiBaseYear, cpiYear);
        var target = baseNok * factor;
        var (buffer, share) = Buffer(marketValueNok, grunnkapitalNok);
        return new RealValueResult(year, target, factor, marketValueNok, marketValueNok - target, grunnkapitalNok, buffer, share);
    }

    /// <summary>Bufferkapital = fund value − grunnkapital, and its share of the fund value.</summary>
    public static (decimal BufferCapitalNok, Rate Share) Buffer(decimal marketValueNok, decimal grunnkapitalNok)
    {
        var buffer = marketValueNok - grunnkapitalNok;
        return (buffer, Rate.Share(buffer, marketValueNok));
    }

    /// <summary>Roll-forward of the buffer: <c>B_t = B_{t−1} + result_t − withdrawal_t</c> (withdrawal as a positive amount).</summary>
    public static decimal BufferRollForward(decimal previousBufferNok, decimal resultNok, decimal withdrawalNok) =>
        previousBufferNok + resultNok - withdrawalNok;
}
