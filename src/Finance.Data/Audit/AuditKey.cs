using System.Security.Cryptography;
using System.Text;

namespace Finance.Data.Audit;

/// <summary>
/// The secret that authenticates the audit trail (HMAC-SHA-256 over each entry). It never lives in the database: it comes
/// from configuration (<c>Audit:Key</c>, at least 32 characters) or from a key file (<c>Audit:KeyFile</c>, default
/// <c>&lt;database file&gt;.audit-key</c> beside the database). A missing key file is created on first use with 32 random
/// bytes (base64) and permissions 0600 (owner read/write only). Whoever holds the database but not the key cannot write an
/// entry that verifies; lose the key and the trail can no longer be verified — back it up apart from the database.
/// </summary>
public static class AuditKey
{
    public const int MinimumKeyCharacters = 32;

    /// <summary>The key file used when none is configured: beside the database file.</summary>
    public static string DefaultFile(string dataSource) => Path.GetFullPath(dataSource) + ".audit-key";

    /// <summary>
    /// The key: <paramref name="configuredKey"/> when given, else the content of <paramref name="keyFile"/> (default
    /// <see cref="DefaultFile"/>), created when missing. An in-memory database without a configured key gets a random key
    /// for the life of the process.
    /// </summary>
    public static byte[] Resolve(string? configuredKey, string? keyFile, string dataSource)
    {
        if (!string.IsNullOrEmpty(configuredKey))
        {
            if (configuredKey.Length < MinimumKeyCharacters)
            {
                throw new InvalidOperationException($"Audit:Key must be at least {MinimumKeyCharacters} characters.");
            }
            return Encoding.UTF8.GetBytes(configuredKey);
        }
        if (string.IsNullOrEmpty(keyFile) && (dataSource.Length == 0 || dataSource == ":memory:" || dataSource.StartsWith("file::memory:", StringComparison.Ordinal)))
        {
            return RandomNumberGenerator.GetBytes(32);
        }
        var path = Path.GetFullPath(string.IsNullOrEmpty(keyFile) ? DefaultFile(dataSource) : keyFile);
        if (!File.Exists(path))
        {
            Create(path);
        }
        var text = File.ReadAllText(path).Trim();
        if (text.Length < MinimumKeyCharacters)
        {
            throw new InvalidOperationException($"The audit key file {path} holds fewer than {MinimumKeyCharacters} characters.");
        }
        return Encoding.UTF8.GetBytes(text);
    }

    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(Encoding.UTF8.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n"));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (the job worker starting beside the API) created it first: use that one.
        }
    }

    /// <summary>HMAC-SHA-256 of the UTF-8 text, lower-case hex.</summary>
    public static string Mac(byte[] key, string text) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));

    /// <summary>The same with a reusable HMAC state (left reset for the next text).</summary>
    public static string Mac(IncrementalHash mac, string text)
    {
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            mac.AppendData(bytes, 0, length);
            Span<byte> hash = stackalloc byte[32];
            mac.GetHashAndReset(hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
