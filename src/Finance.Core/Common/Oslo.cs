using NodaTime;

namespace Finance.Core.Common;

/// <summary>The municipality's time zone: "today", month ends, schedules and report dates are in Europe/Oslo.</summary>
public static class Oslo
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/Oslo"];

    /// <summary>The same zone for APIs that take a <see cref="TimeZoneInfo"/> (Hangfire's recurring jobs).</summary>
    public static TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>Today's date in Oslo.</summary>
    public static LocalDate Today(this IClock clock) => clock.GetCurrentInstant().InZone(Zone).Date;
}
