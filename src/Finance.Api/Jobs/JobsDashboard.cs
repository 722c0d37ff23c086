using Finance.Api.Infrastructure;
using Hangfire;
using Hangfire.Dashboard;

namespace Finance.Api.Jobs;

/// <summary>
/// Hangfire's dashboard at <see cref="Path"/>, behind the browser sign-in (<see cref="SignIn"/>): treasurers see the
/// jobs and act on them (trigger now, retry, delete); auditors see them read-only; viewers and admins are refused (403).
/// Without a sign-in a browser is sent to <c>/signin</c> (a GET) or refused with 401. The dashboard's own actions are
/// POSTs checked by ASP.NET Core's antiforgery token, and the cookie is SameSite=Strict.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/hangfire";

    public static WebApplication UseJobsDashboard(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true && HttpMethods.IsGet(context.Request.Method))
            {
                var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                context.Response.Redirect($"{SignIn.Path}?returnUrl={Uri.EscapeDataString(back)}");
                return;
            }
            await next(context);
        }));
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "Finansforvaltning – jobber",
            AppPath = SignIn.Path,
            Authorization = [new SignedInRoles()],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(Roles.Treasurer),
            DisplayStorageConnectionString = false,
            StatsPollingInterval = 10_000,
        });
        return app;
    }

    /// <summary>Treasurers and auditors only (what each may do is <see cref="DashboardOptions.IsReadOnlyFunc"/>).</summary>
    private sealed class SignedInRoles : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Treasurer) || user.IsInRole(Roles.Auditor));
        }
    }
}
