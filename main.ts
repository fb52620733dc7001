/**
 * `npm start`: synthesize every stack from baseline.yaml, check every control on the result, and only then
 * replace cdktf.out (cli/synthesize.ts). `npx cdktf synth` runs this file too (it sets CDKTF_OUTDIR), and then
 * the PolicyGate aspect enforces the controls. Exit 0 clean, 1 failing controls, 2 bad configuration.
 */
import { run } from "./cli/main";

void run(["synth", ...process.argv.slice(2)]).then((code) => {
  process.exitCode = code;
});
