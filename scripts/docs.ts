/**
 * `npm run docs`: rewrites the generated parts of docs/ (the configuration reference, the control catalogue)
 * from the code. Run it after changing config/schema.ts, config/sections/*.ts, baseline.yaml or a control.
 */
import { regenerate } from "./generated-docs";

for (const line of regenerate()) console.log(line);
