// The report's only style sheet, inline. System fonts (nothing to download), colours that survive printing, and a
// print layout: tables and sections are not split across pages, the folded plan is printed open, links are not
// underlined, A4 pages (the PDF, cli/pdf.ts), no target's block split across pages, charts as wide as the page.
// Colour always repeats what the text says (✓/✗, PASSED/FAILED, met/MISSED).
export const STYLE = `
:root{--pass:#17663a;--pass-bg:#e3f3e8;--fail:#b3261e;--fail-bg:#fdeceb;--warn:#7a4f00;--warn-bg:#fff3d6;--ink:#1b1f24;--muted:#5b6470;--rule:#d6dbe1;--bar-pass:#2e8b57;--bar-fail:#c62828;}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0 auto;max-width:1200px;padding:24px 32px 48px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fff}
h1{font-size:30px;margin:4px 0 8px}
h2{font-size:22px;margin:36px 0 12px;padding-bottom:4px;border-bottom:2px solid var(--rule)}
h3{font-size:18px;margin:28px 0 8px}
h4{font-size:15px;margin:18px 0 6px}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code.arn{word-break:break-all}
.kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.06em;font-size:13px}
.verdict{display:inline-block;white-space:nowrap;padding:1px 8px;border-radius:4px;font-weight:700;font-size:14px;vertical-align:middle}
.verdict.big{font-size:28px;padding:4px 16px;border-radius:6px}
.verdict.pass{color:var(--pass);background:var(--pass-bg);border:1px solid var(--pass)}
.verdict.fail{color:var(--fail);background:var(--fail-bg);border:1px solid var(--fail)}
.verdict-line{font-size:20px;margin:8px 0}
.headline{font-size:17px;font-weight:600;margin:8px 0 16px}
.mark{font-weight:600;white-space:nowrap}
.pass>.label,.mark.pass,.result.pass{color:var(--pass)}
.mark.fail,.result.fail{color:var(--fail)}
.mark.warn,.result.warn{color:var(--warn)}
.result{font-weight:600}
.note{color:var(--muted)}
.reason{color:var(--fail);font-size:13px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:8px 0 16px}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;min-width:0}
table{border-collapse:collapse;margin:8px 0 16px;width:100%}
table.narrow{width:auto;min-width:50%}
caption{text-align:left;color:var(--muted);font-size:13px;padding:4px 0}
th,td{text-align:left;vertical-align:top;padding:5px 10px;border-bottom:1px solid var(--rule)}
thead th{border-bottom:2px solid var(--ink);font-size:13px;white-space:nowrap}
tbody th{font-weight:600}
tr.fail{background:var(--fail-bg)}
tr.current{background:#eef4fb}
td.detail{color:var(--muted);font-size:13px}
ul.arns{margin:4px 0 8px;padding-left:20px}
.alarm{border:3px solid var(--fail);background:var(--fail-bg);color:var(--fail);padding:12px 20px;margin:0 0 16px;border-radius:6px}
.alarm h2{border:0;margin:0 0 8px;color:var(--fail)}
.alarm li{color:var(--ink)}
.dry-run-banner{border:3px dashed var(--warn);background:var(--warn-bg);padding:12px 20px;margin:0 0 16px;border-radius:6px}
.dry-run-banner h2{border:0;margin:0 0 6px;color:var(--warn)}
.service{font-size:16px}
.failover-target.loud{border-left:6px solid var(--fail);padding-left:14px}
.kind{font-weight:400;color:var(--muted);font-size:15px}
figure{margin:8px 0 16px}
figcaption{color:var(--muted);font-size:13px;margin-top:4px}
svg.chart{display:block;max-width:100%;height:auto;margin:4px 0 12px;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:12px}
svg.chart .tick,svg.chart .axis-title,svg.chart .none{fill:var(--muted)}
svg.chart .label{font-size:13px;font-weight:600}
svg.chart .label.fail,svg.chart .value.fail,svg.chart .verdict-label.fail{fill:var(--fail)}
svg.chart .label.pass,svg.chart .value.pass,svg.chart .verdict-label.pass{fill:var(--pass)}
svg.chart .value.warn{fill:var(--warn)}
svg.chart .value,svg.chart .verdict-label{font-weight:600}
svg.chart .grid{stroke:#e6e9ed;stroke-width:1}
svg.chart .axis{stroke:var(--ink);stroke-width:1}
svg.chart .bar.pass{fill:var(--bar-pass)}
svg.chart .bar.fail{fill:var(--bar-fail)}
svg.chart .objective{stroke:#111;stroke-width:2.5;fill:none}
svg.chart .current .tick{font-weight:700;fill:var(--ink)}
details summary{cursor:pointer;color:#0b57d0}
pre{background:#f6f8fa;border:1px solid var(--rule);padding:12px;overflow:auto;max-height:600px}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.cost-line{font-size:16px}
ul.not-estimated{color:var(--muted);font-size:13px}
footer{margin-top:40px;color:var(--muted);font-size:13px;border-top:1px solid var(--rule);padding-top:8px}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
body{max-width:none;padding:0;font-size:10.5pt}
thead{display:table-header-group}
tr,li{break-inside:avoid}
section.target,section.failover-target,section.cost>table,.cost-line{break-inside:avoid}
.cost-line{break-after:avoid}
svg.chart{max-width:100%;width:100%;height:auto}
h2{break-after:avoid}
h3,h4{break-after:avoid}
table,figure,svg,.alarm,.dry-run-banner,dl.facts{break-inside:avoid}
section.target,section.failover-target{break-before:auto}
a{color:inherit;text-decoration:none}
pre{max-height:none;overflow:visible;white-space:pre-wrap}
details::details-content{content-visibility:visible;display:block}
}
`;
