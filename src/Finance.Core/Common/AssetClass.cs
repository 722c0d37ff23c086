namespace Finance.Core.Common;

/// <summary>The fund's asset classes (aktivaklasser): global equities, Nordic bonds, bank/money market.</summary>
public enum AssetClass
{
    Equities,
    Bonds,
    Cash,
}

public static class AssetClasses
{
    public static readonly IReadOnlyList<AssetClass> All = [AssetClass.Equities, AssetClass.Bonds, AssetClass.Cash];

    /// <summary>The name used in storage and JSON: <c>equities</c>, <c>bonds</c>, <c>cash</c>.</summary>
    public static string Code(this AssetClass c) => c switch
    {
        AssetClass.Equities => "equities",
        AssetClass.Bonds => "bonds",
        AssetClass.Cash => "cash",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    public static AssetClass Parse(string code) => TryParse(code, out var c)
        ? c
        : throw new FormatException($"Unknown asset class '{code}' (expected equities, bonds or cash).");

    public static bool TryParse(string? code, out AssetClass assetClass)
    {
        switch (code)
        {
            case "equities": assetClass = AssetClass.Equities; return true;
            case "bonds": assetClass = AssetClass.Bonds; return true;
            case "cash": assetClass = AssetClass.Cash; return true;
            default: assetClass = default; return false;
        }
    }
}
