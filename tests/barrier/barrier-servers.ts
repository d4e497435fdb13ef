/**
 * Whether a test server answers. When it does not, the suite is skipped with a visible warning,
 * except in CI (`CI=true`), where an unreachable server fails the run.
 */
export async function serverReachable(label: string, address: string, probe: () => Promise<void>): Promise<boolean> {
  let problem: string | undefined;
  try {
    await probe();
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (problem === undefined) return true;
  if (process.env['CI'] === 'true') {
    throw new Error(`${label} is required in CI but ${address} is unreachable: ${problem}`);
  }
  console.warn(`\n⚠ ${label} barrier tests SKIPPED: ${address} is unreachable (${problem}).\n`);
  return false;
}
