using Finance.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Finance.Api.Infrastructure;

/// <summary>
/// The largest request body the service reads: <c>Finance:MaxRequestBodyBytes</c>, 16 MiB by default — a loan or
/// valuation import of 100 000 rows is about 10 MB. A larger body (by its <c>Content-Length</c> or once a chunked body
/// passes the limit) is refused with 413 and a problem naming <c>body</c> (see <see cref="BadRequestExceptionHandler"/>),
/// before the handler sees any of it; nothing is written.
/// </summary>
public static class RequestLimits
{
    public const long DefaultMaxRequestBodyBytes = FinanceOptions.DefaultMaxRequestBodyBytes;

    /// <summary>Kestrel's and the form reader's limits from the validated <see cref="FinanceOptions"/> (a bad value stops the start).</summary>
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<FinanceOptions>>((o, finance) => o.Limits.MaxRequestBodySize = finance.Value.MaxRequestBodyBytes);
        builder.Services.AddOptions<FormOptions>().Configure<IOptions<FinanceOptions>>((o, finance) => o.MultipartBodyLengthLimit = finance.Value.MaxRequestBodyBytes);
        // The JSON binder of minimal APIs answers a body over the limit with a bare 413 (no exception reaches the
        // handler); the status-code page's problem then gets the same title and field error as the exception handler's.
        builder.Services.Configure<ProblemDetailsOptions>(o =>
        {
            var previous = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                previous?.Invoke(context);
                if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && context.ProblemDetails is not HttpValidationProblemDetails)
                {
                    context.ProblemDetails.Title = TooLargeTitle;
                    context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { ["body"] = [TooLarge(context.HttpContext)] };
                }
            };
        });
        return builder;
    }

    public const string TooLargeTitle = "The request body is too large.";

    /// <summary>The field error of a 413, naming the limit in force.</summary>
    public static string TooLarge(HttpContext context) =>
        $"The request body is larger than the limit of {context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? DefaultMaxRequestBodyBytes} bytes (Finance:MaxRequestBodyBytes).";
}
