/** The console's one stylesheet, served at /assets/console.css (no build step). */
export const CONSOLE_CSS = `
:root { --fg:#1b1f24; --muted:#4a5563; --bg:#ffffff; --panel:#f4f6f8; --line:#d0d7de;
  --accent:#0b5cad; --bad:#a4161a; --warn:#7a4b00; --ok:#1a6b2f; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color:var(--fg); background:var(--bg); }
a { color:var(--accent); }
a:focus, button:focus, input:focus, select:focus { outline:3px solid #f2b705; outline-offset:2px; }
.skip { position:absolute; left:-999px; top:0; background:#fff; padding:.5rem; }
.skip:focus { left:.5rem; }
.top { display:flex; flex-wrap:wrap; align-items:center; gap:1rem; padding:.6rem 1.2rem;
  background:#102a43; color:#fff; }
.top a { color:#fff; text-decoration:none; padding:.3rem .5rem; border-radius:4px; }
.top a[aria-current="page"] { background:#2f5d8a; }
.top ul { list-style:none; display:flex; gap:.3rem; margin:0; padding:0; }
.brand { font-weight:700; }
.signout { margin-left:auto; display:flex; gap:.6rem; align-items:center; }
main { padding:1rem 1.2rem 3rem; max-width:1280px; }
h1 { font-size:1.5rem; margin:.4rem 0 1rem; }
h2 { font-size:1.15rem; margin:1.6rem 0 .6rem; }
.cards { display:grid; grid-template-columns:repeat(auto-fill,minmax(230px,1fr)); gap:.8rem; }
.card { background:var(--panel); border:1px solid var(--line); border-radius:6px; padding:.8rem 1rem; }
.card h2 { font-size:.95rem; margin:0 0 .4rem; color:var(--muted); }
.figure { font-size:1.9rem; font-weight:700; }
.card ul { margin:.3rem 0 0; padding-left:1.1rem; }
table { border-collapse:collapse; width:100%; margin:.4rem 0 1rem; }
caption { text-align:left; font-weight:600; padding:.3rem 0; }
th, td { text-align:left; padding:.4rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--panel); }
td.num, th.num { text-align:right; }
form.filters { display:flex; flex-wrap:wrap; gap:.8rem; align-items:flex-end; margin-bottom:.8rem; }
label { display:flex; flex-direction:column; font-size:.85rem; color:var(--muted); gap:.2rem; }
input, select, button, textarea { font:inherit; padding:.35rem .5rem; border:1px solid #6b7785; border-radius:4px; }
button { background:var(--accent); color:#fff; border-color:var(--accent); cursor:pointer; }
a.button { display:inline-block; background:var(--accent); color:#fff; padding:.35rem .7rem; border-radius:4px; text-decoration:none; }
button.secondary { background:#fff; color:var(--accent); }
button.danger { background:var(--bad); border-color:var(--bad); }
.actions { display:flex; gap:.6rem; flex-wrap:wrap; margin:.6rem 0; }
.notice { background:#e6f4ea; border:1px solid #7fbf8e; padding:.6rem .8rem; border-radius:4px; }
.error { background:#fdecea; border:1px solid #e0a3a0; color:var(--bad); padding:.6rem .8rem; border-radius:4px; }
.badge { display:inline-block; padding:.05rem .45rem; border-radius:10px; font-size:.82rem;
  background:#e6ebf1; color:var(--fg); border:1px solid var(--line); }
.badge-exception, .badge-rejected { background:#fdecea; color:var(--bad); border-color:#e0a3a0; }
.badge-erp_confirmed, .badge-fulfilled, .badge-refunded, .badge-closed { background:#e6f4ea; color:var(--ok); border-color:#7fbf8e; }
.badge-awaiting_erp, .badge-on_hold, .badge-pending_approval { background:#fff4e0; color:var(--warn); border-color:#e3b866; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.3rem 1rem; margin:0 0 1rem; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; }
pre { background:var(--panel); border:1px solid var(--line); padding:.7rem; overflow:auto; max-height:28rem; font-size:.85rem; }
.card .error { display:block; padding:.3rem .4rem; font-size:.8rem; overflow-wrap:anywhere; }
td.when { white-space:nowrap; }
.login { max-width:22rem; display:flex; flex-direction:column; gap:.8rem; }
.muted { color:var(--muted); }
`;
