using Finance.Api.Infrastructure;
using Finance.Data;
using NodaTime;

namespace Finance.Api.Admin;

/// <summary>
/// <c>Finance.Api keys add --name NAME --role ROLE [configuration …]</c>: makes a key in the configured database (created
/// and seeded like a first start if new), prints it once and exits — the first admin key of a fresh install. The other
/// arguments are the service's own configuration (<c>--ConnectionStrings:Finance=…</c>, environment variables and the
/// environment's appsettings apply as for the service).
/// </summary>
public static class KeysCommand
{
    public const string Usage = "usage: Finance.Api keys add --name NAME --role treasurer|auditor|viewer|admin [--ConnectionStrings:Finance=...]";

    public static bool Matches(string[] args) => args is ["keys", ..];

    public static int Run(string[] args)
    {
        if (args is not ["keys", "add", .. var rest])
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        string? name = null, role = null;
        var configurationArgs = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--name" when i + 1 < rest.Length: name = rest[++i]; break;
                case "--role" when i + 1 < rest.Length: role = rest[++i]; break;
                default: configurationArgs.Add(rest[i]); break;
            }
        }
        var check = KeysApi.Check(name, role);
        if (!check.Ok)
        {
            Console.Error.WriteLine("--name: 1–64 characters of a–z, 0–9, '.', '_', '-'; --role: one of " + string.Join(", ", Roles.Assignable) + ".");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var builder = WebApplication.CreateBuilder(configurationArgs.ToArray());
        var configuration = builder.Configuration;
        var options = configuration.GetSection("Auth").Get<ApiKeyOptions>() ?? new ApiKeyOptions();
        var finance = Store.FinanceOptionsOf(configuration);
        var db = Store.CreateDb(configuration, finance);
        // Logs go to stderr: stdout carries only the key, so `KEY=$(… keys add …)` works.
        using var loggers = LoggerFactory.Create(l => l.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        Store.Initialize(db, finance, builder.Environment, SystemClock.Instance, loggers.CreateLogger("Finance.Api.Keys"));
        var actor = "cli:" + Environment.UserName;
        NewApiKeyDto? made;
        using (Finance.Data.Audit.AuditContext.As(actor))
        {
            made = KeysApi.Make(db, options, name!, role!, SystemClock.Instance.GetCurrentInstant(), actor);
        }
        if (made is null)
        {
            Console.Error.WriteLine($"A key named '{name}' exists (or existed) in {db.DataSource} or in configuration.");
            return 1;
        }
        Console.Error.WriteLine($"Made the {made.Role} key '{made.Name}' in {db.DataSource}. Copy it now: it is not stored and cannot be shown again.");
        Console.WriteLine(made.Key);
        return 0;
    }
}
