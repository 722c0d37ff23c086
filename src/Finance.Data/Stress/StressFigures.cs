using System.Data.Common;
using Finance.Core.Policy;
using Finance.Core.Stress;
using NodaTime;

namespace Finance.Data.Stress;

/// <summary>
/// The stress test from the registers at a date: the factors and frame of the regulations in force
/// (<see cref="Parameters"/>, null when they lack one), the inputs read from the registers (<see cref="Inputs"/>, null
/// with <see cref="Problem"/> when one is missing) and, when both are there, the two-part result of
/// <see cref="StressTest.Run"/>.
/// </summary>
public sealed record StressRun(StressParameters? Parameters, StressRegisterInputs? Inputs, string? Problem, StressResult? Result);

public static class StressFigures
{
    /// <summary>
    /// The one computation of the stress test from the registers, used by a stored run (<c>POST /api/stress-tests</c>),
    /// the snapshot's stress section (through its provider) and the compliance check of <c>stress.risk_frame</c>.
    /// </summary>
    public static StressRun FromRegisters(DbConnection c, DbTransaction? tx, LocalDate asOf, PolicyInForce? policy)
    {
        var parameters = StressParameters.From(policy);
        var (inputs, problem) = StressInputs.FromRegisters(c, tx, asOf);
        var result = parameters is not null && inputs is not null
            ? parameters.Run(inputs.FloatingDebtNok, inputs.OffsetsNok, inputs.DepositsNok,
                inputs.Holdings.Select(h => new StressHolding(h.AssetClass, h.MarketValueNok, h.DurationYears)), inputs.BufferCapitalNok)
            : null;
        return new StressRun(parameters, inputs, problem, result);
    }
}
