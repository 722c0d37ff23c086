using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Finance.Data;
using Finance.Data.Access;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.DataProtection.Repositories;
using NodaTime;

namespace Finance.Api.Infrastructure;

/// <summary>
/// The data protection key ring (it encrypts the sign-in cookie, <see cref="SignIn"/>) kept in the finance database
/// (<see cref="DataProtectionKeyStore"/>) instead of the default per-machine folder, so every instance on one database
/// reads the same keys: a browser signed in at one instance stays signed in whichever instance answers next. A key is
/// written in the store's own write transaction (on PostgreSQL under the write lock). The table is not audited: its rows
/// are key material, which the audit log would show to every auditor. Each key is stored encrypted
/// (<see cref="KeyRingEncryptor"/>) with a key derived from the audit trail's secret, which is not in the database: a
/// copy of the database or a backup is not enough to make a sign-in cookie. Two instances that start at the same moment on a new database may each make a first key; both keys are in
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

/// <summary>
/// Encrypts a key of the ring before it is stored: AES-256-GCM (a fresh 96-bit nonce per key, 128-bit tag) under
/// <see cref="Db.DerivedKey"/> of <see cref="Purpose"/>, so every instance with the same audit secret can read it and
/// nothing without that secret can. The stored element is <c>&lt;encryptedKey&gt;</c> holding base64(nonce ‖ tag ‖
/// ciphertext) of the key's XML.
/// </summary>
public sealed class KeyRingEncryptor(Db db) : IXmlEncryptor
{
    public const string Purpose = "finance: data protection key ring, AES-256-GCM, v1";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedKey = new byte[12 + 16 + plain.Length];
        var nonce = sealedKey.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(db.DerivedKey(Purpose), 16))
        {
            aes.Encrypt(nonce, plain, sealedKey.AsSpan(28), sealedKey.AsSpan(12, 16));
        }
        return new EncryptedXmlInfo(new XElement("encryptedKey", Convert.ToBase64String(sealedKey)), typeof(KeyRingDecryptor));
    }
}

/// <summary>Reads a key <see cref="KeyRingEncryptor"/> stored; a wrong audit secret or a changed row fails the tag check.</summary>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var sealedKey = Convert.FromBase64String(encryptedElement.Value);
        var plain = new byte[sealedKey.Length - 28];
        using (var aes = new AesGcm(services.GetRequiredService<Db>().DerivedKey(KeyRingEncryptor.Purpose), 16))
        {
            aes.Decrypt(sealedKey.AsSpan(0, 12), sealedKey.AsSpan(28), sealedKey.AsSpan(12, 16), plain);
        }
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}

public static class DatabaseKeyRingExtensions
{
    /// <summary>Data protection with the shared application name and the key ring in the finance database (<see cref="DatabaseKeyRing"/>).</summary>
    public static IServiceCollection AddDatabaseKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(DatabaseKeyRing.ApplicationName);
        services.AddSingleton<DatabaseKeyRing>();
        services.AddOptions<KeyManagementOptions>().Configure<DatabaseKeyRing, Db>((o, ring, db) =>
        {
            o.XmlRepository = ring;
            o.XmlEncryptor = new KeyRingEncryptor(db);
        });
        return services;
    }
}
