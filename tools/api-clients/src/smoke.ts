/**
 * The smoke scenario of a client system, through a client typed from the served OpenAPI document
 * (openapi-typescript + openapi-fetch): read the fund's holdings, load a month-end valuation, run and store the stress
 * test, fetch the annual report as JSON. Expected figures: Bærum kommune's annual report 2025 (the reference data a new
 * database is filled with): equities 40.1 % of 3 624 MNOK, stress test 945.9 MNOK.
 */
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/finance-api.js";
import { check, env, near, run } from "./report.js";

type Holdings = components["schemas"]["HoldingsDto"];

const baseUrl = env("API_BASE");
// JSON bodies only (application/json and application/problem+json): the report also comes as HTML, XLSX and PDF.
const treasurer = createClient<paths, `${string}/${string}json`>({ baseUrl, headers: { "X-Api-Key": env("TREASURER_KEY", "dev-treasurer-key") } });
const viewer = createClient<paths, `${string}/${string}json`>({ baseUrl, headers: { "X-Api-Key": env("VIEWER_KEY", "dev-viewer-key") } });

const asOf = "2025-12-31";
const placementId = "klp-aksjeglobal-indeks";
const referenceValueNok = 651_175_971; // KLP AksjeGlobal Indeks S-500 at 31.12.2025
const referenceTotalNok = 3_624_458_944;

async function holdings(): Promise<Holdings | undefined> {
  const { data, error, response } = await treasurer.GET("/api/fund/holdings", { params: { query: { asOf } } });
  check(`GET /api/fund/holdings?asOf=${asOf} → 200`, response.status === 200, `${response.status} ${JSON.stringify(error)}`);
  return data;
}

function equitiesPct(h: Holdings | undefined): number | undefined {
  return h?.assetClasses.find((c) => c.assetClass === "equities")?.weightPct;
}

async function loadValuation(marketValueNok: number): Promise<void> {
  const { data, error, response } = await treasurer.POST("/api/fund/valuations", {
    body: [{ date: asOf, placementId, marketValueNok }],
  });
  check(`POST /api/fund/valuations (${placementId} = ${marketValueNok} NOK) → 200`, response.status === 200, `${response.status} ${JSON.stringify(error)}`);
  check("the stored valuation is returned with its asset class", data?.[0]?.marketValueNok === marketValueNok && data?.[0]?.assetClass === "equities", JSON.stringify(data));
}

await run("smoke", async () => {
  // 1. Holdings at the reference date: 40.10 % equities against the 40 % strategy (37–43 %).
  const before = await holdings();
  check("equities weigh 40.10 % of the fund", near(equitiesPct(before), 40.10, 0.005), `weightPct ${equitiesPct(before)}`);
  check("the fund is worth 3 624 458 944 NOK", before?.totalNok === referenceTotalNok, `totalNok ${before?.totalNok}`);
  check("equities are within their band", before?.assetClasses.find((c) => c.assetClass === "equities")?.withinBand === true, JSON.stringify(before?.assetClasses[0]));

  // 2. Load a month-end value 100 MNOK higher: the holdings follow it; then load the reported value back.
  await loadValuation(referenceValueNok + 100_000_000);
  const raised = await holdings();
  check("a loaded valuation moves the fund's total by the difference", raised?.totalNok === referenceTotalNok + 100_000_000, `totalNok ${raised?.totalNok}`);
  const expectedPct = (1_453_275_971 + 100_000_000) / (referenceTotalNok + 100_000_000) * 100;
  check("and the equity weight to the new share", near(equitiesPct(raised), expectedPct, 1e-9), `weightPct ${equitiesPct(raised)}, expected ${expectedPct}`);
  await loadValuation(referenceValueNok);
  const restored = await holdings();
  check("loading the reported value restores 40.10 %", near(equitiesPct(restored), 40.10, 0.005) && restored?.totalNok === referenceTotalNok, `weightPct ${equitiesPct(restored)}`);

  // 3. A viewer may not run the stress test: 403 as a problem (RFC 9457).
  const denied = await viewer.POST("/api/stress-tests", { body: { asOf } });
  check("a viewer's POST /api/stress-tests → 403 problem+json", denied.response.status === 403 && (denied.response.headers.get("content-type") ?? "").startsWith("application/problem+json"),
    `${denied.response.status} ${denied.response.headers.get("content-type")}`);
  check("the problem says why", denied.error?.status === 403 && typeof denied.error?.title === "string", JSON.stringify(denied.error));

  // 4. The stress test from the registers, stored: 201 + Location; total 945.94 MNOK (tabell 4.1 + 4.2).
  const stress = await treasurer.POST("/api/stress-tests", { body: { asOf } });
  check("POST /api/stress-tests → 201", stress.response.status === 201, `${stress.response.status} ${JSON.stringify(stress.error)}`);
  const stored = stress.data;
  check("with its Location", stored !== undefined && stress.response.headers.get("location") === `/api/stress-tests/${stored.id}`, `${stress.response.headers.get("location")}`);
  const totalNok = stored?.result.totalNok;
  check("the stress test totals 945 940 000 NOK (± 10 000)", near(totalNok, 945_940_000, 10_000), `totalNok ${totalNok}`);
  check("part 1 + part 2 make the total", stored !== undefined && near(stored.result.partOne.totalNok + stored.result.partTwo.totalNok, stored.result.totalNok, 0.01), JSON.stringify(stored?.result.partOne.totalNok));
  if (stored) {
    const again = await treasurer.GET("/api/stress-tests/{id}", { params: { path: { id: stored.id } } });
    check("GET /api/stress-tests/{id} returns the stored test", again.response.status === 200 && again.data?.contentHash === stored.contentHash, `${again.response.status} ${again.data?.contentHash}`);
  }

  // 5. The annual report as JSON carries the same numbers.
  const report = await treasurer.GET("/api/reports/annual/{year}", { params: { path: { year: 2025 }, query: { format: "json" } }, parseAs: "json" });
  check("GET /api/reports/annual/2025?format=json → 200 JSON", report.response.status === 200 && (report.response.headers.get("content-type") ?? "").startsWith("application/json"),
    `${report.response.status} ${report.response.headers.get("content-type")}`);
  const annual = report.data;
  check("the report is the annual report 2025 as at 31.12.2025", annual?.kind === "annual" && annual.year === 2025 && annual.asOf === asOf, `${annual?.kind} ${annual?.year} ${annual?.asOf}`);
  check("its fund value is the holdings' total", annual?.figures.fund?.marketValueNok === referenceTotalNok, `${annual?.figures.fund?.marketValueNok}`);
  check("its stress test total is the stored test's", annual?.figures.stress !== undefined && annual.figures.stress !== null && near(annual.figures.stress.totalNok, totalNok ?? NaN, 0.01),
    `${annual?.figures.stress?.totalNok} vs ${totalNok}`);
  const table41 = annual?.tables.find((t) => t.id === "Tabell 4.1");
  check("it has tabell 4.1 with rows in NOK", table41 !== undefined && table41.rows.length > 0 && table41.columns.some((c) => c.unit === "NOK"), JSON.stringify(table41?.columns));
});
