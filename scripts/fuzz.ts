/**
 * `npm run fuzz [CASES] [SEED]`: the fuzz campaign of test/fuzz at length (default 1,000 cases, a random seed),
 * printing the seed so that any failing case can be replayed with it.
 */
import { fuzzCampaign, unsetSecurityAttributes } from "../test/fuzz/campaign";

async function main(): Promise<void> {
  const cases = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
  const started = Date.now();
  const result = await fuzzCampaign(seed, cases);
  const unset = unsetSecurityAttributes();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `seed ${seed}: ${result.cases} cases in ${seconds} s; exit codes ${JSON.stringify(result.exitCodes)}`,
  );
  console.log(`slowest case ${result.slowestMs} ms; peak RSS ${result.peakRssMb} MB`);
  console.log(`problems: ${result.problems.length + unset.length}`);
  for (const p of [...result.problems, ...unset]) console.log(`  case ${p.case}: ${p.what}: ${p.problem}`);
  process.exitCode = result.problems.length + unset.length > 0 ? 1 : 0;
}

void main();
