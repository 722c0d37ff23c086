namespace Finance.Core.GreenZone;

/// <summary>
/// The run's inputs turned into the per-step numbers the kernels use, all in <see cref="double"/> and computed with
/// <see cref="DeterministicMath"/> so they are the same bits everywhere.
/// <para>Model, per asset class i with expected simple annual return μᵢ, log volatility σᵢ, step Δt (1 or 1/12 year):
/// the log return of a step is normal with mean <c>(ln(1 + μᵢ) − σᵢ²/2 + ln(1 − cost))·Δt</c> and covariance
/// <c>ρᵢⱼσᵢσⱼΔt</c>, so that E[1 + Rᵢ] over a year is exactly 1 + μᵢ (before costs) and the variance of a year's log
/// return is σᵢ². Correlated draws are <c>√Δt·L·z</c> with L the Cholesky factor of the annual covariance matrix and z
/// independent standard normals.</para>
/// </summary>
internal sealed class SimulationPlan
{
    public required int Classes { get; init; }
    public required int Paths { get; init; }
    public required long Seed { get; init; }
    public required int Years { get; init; }
    public required int StepsPerYear { get; init; }
    public required bool RebalanceEveryStep { get; init; }
    public required double StartValue { get; init; }

    /// <summary>Strategic weights (fractions adding to 1).</summary>
    public required double[] Weights { get; init; }

    /// <summary>Mean log return per step, costs included.</summary>
    public required double[] Drift { get; init; }

    /// <summary>Row-major Cholesky factor of the covariance of one step's log returns (lower triangle used).</summary>
    public required double[] Loadings { get; init; }

    /// <summary>Amount withdrawn at the end of year y (index y − 1), nominal NOK.</summary>
    public required double[] WithdrawalAmount { get; init; }

    /// <summary>Fraction of the year-end value withdrawn (percent-of-value rule), else 0.</summary>
    public required double WithdrawalFraction { get; init; }

    /// <summary>(1 + inflation)^y for y = 0..H, by repeated multiplication.</summary>
    public required double[] PriceLevel { get; init; }

    public static SimulationPlan From(GreenZoneInputs inputs)
    {
        // Classes with weight 0 can never hold value (the portfolio is rebalanced to the strategy), so they are not simulated.
        var classes = inputs.Classes.Where(c => c.Weight.Fraction > 0m).ToList();
        var n = classes.Count;
        var stepsPerYear = inputs.Steps == StepFrequency.Monthly ? 12 : 1;
        var dt = 1.0 / stepsPerYear;
        var sqrtDt = Math.Sqrt(dt);
        var costLog = DeterministicMath.Log(1.0 - (double)inputs.Cost.Fraction);

        var weights = classes.Select(c => (double)c.Weight.Fraction).ToArray();
        var weightSum = 0.0;
        foreach (var w in weights)
        {
            weightSum += w;
        }
        for (var i = 0; i < n; i++)
        {
            weights[i] /= weightSum;
        }

        var drift = new double[n];
        var covariance = new double[n, n];
        var reduced = inputs with { Classes = classes };
        var rho = reduced.CorrelationMatrix();
        for (var i = 0; i < n; i++)
        {
            var sigma = (double)classes[i].Volatility.Fraction;
            drift[i] = (DeterministicMath.Log(1.0 + (double)classes[i].ExpectedReturn.Fraction) - 0.5 * sigma * sigma + costLog) * dt;
            for (var j = 0; j < n; j++)
            {
                covariance[i, j] = rho[i, j] * sigma * (double)classes[j].Volatility.Fraction;
            }
        }
        if (!Cholesky.Factor(covariance, out var l))
        {
            throw new ArgumentException("The covariance matrix is not positive semi-definite.", nameof(inputs));
        }
        var loadings = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                loadings[i * n + j] = l[i, j] * sqrtDt;
            }
        }

        var priceLevel = new double[inputs.HorizonYears + 1];
        priceLevel[0] = 1.0;
        var inflationFactor = 1.0 + (double)inputs.Inflation.Fraction;
        for (var y = 1; y <= inputs.HorizonYears; y++)
        {
            priceLevel[y] = priceLevel[y - 1] * inflationFactor;
        }
        var withdrawal = new double[inputs.HorizonYears];
        for (var y = 1; y <= inputs.HorizonYears; y++)
        {
            withdrawal[y - 1] = inputs.Withdrawal.Kind switch
            {
                WithdrawalKind.FixedNominal => (double)inputs.Withdrawal.AmountNok,
                WithdrawalKind.FixedReal => (double)inputs.Withdrawal.AmountNok * priceLevel[y],
                _ => 0.0,
            };
        }

        return new SimulationPlan
        {
            Classes = n,
            Paths = inputs.Paths,
            Seed = inputs.Seed,
            Years = inputs.HorizonYears,
            StepsPerYear = stepsPerYear,
            RebalanceEveryStep = inputs.Rebalancing == Rebalancing.Monthly,
            StartValue = (double)inputs.MarketValueNok,
            Weights = weights,
            Drift = drift,
            Loadings = loadings,
            WithdrawalAmount = withdrawal,
            WithdrawalFraction = inputs.Withdrawal.Kind == WithdrawalKind.PercentOfValue ? (double)inputs.Withdrawal.Share.Fraction : 0.0,
            PriceLevel = priceLevel,
        };
    }
}
