using NodaTime;

namespace Finance.Api.Infrastructure;

public static class Time
{
    /// <summary>The municipality's time zone: "today" and schedules are in Europe/Oslo.</summary>
    public static readonly DateTimeZone Oslo = DateTimeZoneProviders.Tzdb["Europe/Oslo"];

    public static LocalDate Today(this IClock clock) => clock.GetCurrentInstant().InZone(Oslo).Date;
}
