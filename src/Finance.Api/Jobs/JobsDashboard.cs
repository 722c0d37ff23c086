namespace Finance.Api.Jobs;

/// <summary>The jobs dashboard (Hangfire's) at <see cref="Path"/>, behind the browser sign-in.</summary>
public static class JobsDashboard
{
    public const string Path = "/hangfire";
}
