/** The matrix page's stylesheet, inlined so the page is one file that loads nothing. */
export const MATRIX_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --band: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 2rem auto; max-width: 1320px; padding: 0 1.5rem; color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Liberation Sans", sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
p.lead { color: var(--muted); margin: 0 0 1rem; }
ul.totals { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; gap: .5rem 1.5rem; flex-wrap: wrap; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: .5rem .6rem; border-bottom: 1px solid var(--line); }
th { background: var(--band); font-weight: 600; font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
col.control { width: 21%; } col.claim { width: 24%; } col.env { width: 8.5rem; } col.evidence { width: 19%; }
.id { font-weight: 700; white-space: nowrap; }
.sev { display: inline-block; margin-left: .35rem; padding: 0 .4rem; border-radius: 1rem; font-size: .72rem; border: 1px solid var(--line); color: var(--muted); }
.sev-critical { border-color: #cf222e; color: #cf222e; } .sev-high { border-color: #bc4c00; color: #bc4c00; }
.title { display: block; margin-top: .15rem; }
.status { display: inline-block; padding: .1rem .5rem; border-radius: .3rem; font-weight: 600; font-size: .8rem; white-space: nowrap; }
.s-pass { background: #dafbe1; color: #116329; } .s-fail { background: #ffebe9; color: #a40e26; }
.s-unknown { background: #fff8c5; color: #7d4e00; } .s-waived { background: #fff1e5; color: #953800; }
.s-not-applicable, .s-not-evaluated { background: var(--band); color: var(--muted); }
td.impl { color: var(--ink); }
code { font: 12px/1.45 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; overflow-wrap: anywhere; }
ul.evidence { margin: 0; padding: 0; list-style: none; } ul.evidence li { margin: 0 0 .15rem; }
details summary { cursor: pointer; color: var(--muted); }
tr:target { outline: 2px solid #0969da; }
@media print { body { margin: 0; max-width: none; } details { display: block; } }
`;
