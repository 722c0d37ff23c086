using System.Data.Common;
using Finance.Core.Debt;
using Finance.Core.Policy;
using NodaTime;

namespace Finance.Data.Debt;

/// <summary>The debt figures read from the register: one function for the debt summary, the snapshot and the compliance check.</summary>
public static class DebtPositions
{
    /// <summary>The loans at <paramref name="asOf"/> (each at its latest balance on or before it) and their figures against <paramref name="policy"/>.</summary>
    public static DebtPosition At(DbConnection c, LocalDate asOf, PolicyInForce? policy, DbTransaction? tx = null) =>
        DebtPosition.Of(DebtStore.Loans(c, asOf, tx), asOf, policy);
}
