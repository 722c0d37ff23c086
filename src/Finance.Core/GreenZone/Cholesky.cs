namespace Finance.Core.GreenZone;

/// <summary>
/// The Cholesky factor L (lower triangular, A = L·Lᵀ) of a symmetric positive semi-definite matrix. A zero pivot (a class
/// that is a linear combination of earlier ones, e.g. ρ = 1) gives a zero column instead of a division by zero; a
/// negative pivot, or a non-zero remainder under a zero pivot, means the matrix is not positive semi-definite.
/// Uses add, multiply, divide and square root only, so the factor is the same on every machine.
/// </summary>
public static class Cholesky
{
    private const double Tolerance = 1e-12;

    /// <returns>False when <paramref name="a"/> is not symmetric positive semi-definite.</returns>
    public static bool Factor(double[,] a, out double[,] l)
    {
        var n = a.GetLength(0);
        l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (Math.Abs(a[i, j] - a[j, i]) > Tolerance)
                {
                    return false;
                }
            }
        }
        for (var j = 0; j < n; j++)
        {
            var scale = Math.Max(Math.Abs(a[j, j]), 1e-300);
            var pivot = a[j, j];
            for (var k = 0; k < j; k++)
            {
                pivot -= l[j, k] * l[j, k];
            }
            if (pivot < -Tolerance * scale)
            {
                return false;
            }
            var zeroPivot = pivot <= Tolerance * scale;
            var ljj = zeroPivot ? 0.0 : Math.Sqrt(pivot);
            l[j, j] = ljj;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    s -= l[i, k] * l[j, k];
                }
                if (zeroPivot)
                {
                    if (Math.Abs(s) > 1e-9 * Math.Sqrt(scale * Math.Max(Math.Abs(a[i, i]), 1e-300)))
                    {
                        return false;
                    }
                    l[i, j] = 0.0;
                }
                else
                {
                    l[i, j] = s / ljj;
                }
            }
        }
        return true;
    }
}
