using System.Xml.Linq;
using Finance.Data;
using Finance.Data.Access;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using NodaTime;

namespace Finance.Api.Infrastructure;

/// <summary>
/// The data protection key ring (it encrypts the sign-in cookie, <see cref="SignIn"/>) kept in the finance database
/// (<see cref="DataProtectionKeyStore"/>) instead of the default per-machine folder, so every instance on one database
/// reads the same keys: a browser signed in at one instance stays signed in whichever instance answers next. A key is
/// written in the store's own write transaction (on PostgreSQL under the write lock). The table is not audited: its rows
/// are key material, which the audit log would show to every auditor. Two instances that start at the same moment on a new database may each make a first key; both keys are in
/// the ring, and the framework reads the ring again when a cookie names a key it has not seen yet (in the first minutes
/// after its start), and every 24 hours anyway.
/// </summary>
public sealed class DatabaseKeyRing(Db db, IClock clock) : IXmlRepository
{
    /// <summary>
    /// The application name every instance shares: the framework isolates apps by it (by default the content root path, which
    /// differs between machines and installs, so one instance's cookie would not open at another).
    /// </summary>
    public const string ApplicationName = "Finansforvaltning";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var c = db.OpenRead();
        return DataProtectionKeyStore.All(c).Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName) =>
        db.InTransaction((c, tx) => DataProtectionKeyStore.Add(c, tx, friendlyName, element.ToString(SaveOptions.DisableFormatting), clock.GetCurrentInstant()));
}

public static class DatabaseKeyRingExtensions
{
    /// <summary>Data protection with the shared application name and the key ring in the finance database (<see cref="DatabaseKeyRing"/>).</summary>
    public static IServiceCollection AddDatabaseKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(DatabaseKeyRing.ApplicationName);
        services.AddSingleton<DatabaseKeyRing>();
        services.AddOptions<KeyManagementOptions>().Configure<DatabaseKeyRing>((o, ring) => o.XmlRepository = ring);
        return services;
    }
}
