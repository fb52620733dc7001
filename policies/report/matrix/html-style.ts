/** The matrix page's stylesheet, inlined so the page is one file that loads nothing. */
export const MATRIX_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --band: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 2rem auto; max-width: 1360px; padding: 0 1.5rem; color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Liberation Sans", sans-serif; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2.2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid var(--ink); }
p.lead { color: var(--muted); margin: 0 0 1rem; }
table.totals { width: auto; margin: 0 0 1rem; }
table.totals td, table.totals th { padding: .3rem .8rem .3rem 0; border: 0; background: none; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: .55rem .6rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
thead th { background: var(--band); font-weight: 600; font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
col.control { width: 30%; } col.env { width: 6.8rem; } col.evidence { width: 27%; }
.id { font-weight: 700; }
.sev { display: inline-block; margin-left: .4rem; padding: 0 .45rem; border-radius: 1rem; font-size: .7rem; border: 1px solid var(--line); color: var(--muted); vertical-align: 1px; }
.sev-critical { border-color: #cf222e; color: #cf222e; } .sev-high { border-color: #bc4c00; color: #bc4c00; }
.title { display: block; font-weight: 600; margin-top: .1rem; }
.claim { display: block; color: var(--muted); margin-top: .2rem; }
.status { display: inline-block; min-width: 4.2rem; text-align: center; padding: .1rem .45rem; border-radius: .3rem; font-weight: 600; font-size: .78rem; white-space: nowrap; }
.s-pass { background: #dafbe1; color: #116329; } .s-fail { background: #ffebe9; color: #a40e26; }
.s-unknown { background: #fff8c5; color: #7d4e00; } .s-waived { background: #fff1e5; color: #953800; }
.s-not-applicable, .s-not-evaluated { background: var(--band); color: var(--muted); font-weight: 400; }
.stack { display: block; font-size: .72rem; font-weight: 600; color: var(--muted); margin-top: .3rem; }
.stack:first-child { margin-top: 0; }
code { display: block; font: 11.5px/1.45 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; }
details summary { cursor: pointer; color: var(--muted); margin-top: .2rem; }
@media print { body { margin: 0; max-width: none; } thead { display: table-header-group; } tr { break-inside: avoid; } }
`;
