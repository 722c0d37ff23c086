/** The checks' output: one `PASS name` or `FAIL name: why` line per check, which run-checks.sh counts. */
let failures = 0;

export function check(name: string, ok: boolean, detail: string): boolean {
  if (ok) {
    console.log(`PASS ${name}`);
  } else {
    failures++;
    console.log(`FAIL ${name}: ${detail}`);
  }
  return ok;
}

/** Within ± tolerance: amounts are full-precision decimals, the expectations rounded figures of the report. */
export function near(actual: number | null | undefined, expected: number, tolerance: number): boolean {
  return typeof actual === "number" && Math.abs(actual - expected) <= tolerance;
}

export function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    throw new Error(`Set ${name}.`);
  }
  return value;
}

/** Runs a scenario: an exception is a failed check, and `DONE <name>` tells run-checks.sh it ran to the end. */
export async function run(name: string, scenario: () => Promise<void>): Promise<void> {
  try {
    await scenario();
  } catch (e) {
    check(`${name} ran without an exception`, false, e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
  console.log(`DONE ${name} (${failures} failed)`);
  process.exitCode = failures === 0 ? 0 : 1;
}
