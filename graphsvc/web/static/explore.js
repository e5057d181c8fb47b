// The partnership explorer: the partnership-network canned query drawn with cytoscape.js, the
// partners canned query behind a click. Both come from /queries, so the view and the API agree.
// Text from the data is set with textContent only: a label is shown, never run.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("explore-config").textContent);
  const JSON_TYPE = "application/sparql-results+json";
  const PALETTE = ["#1f77b4", "#e6550d", "#31a354", "#756bb1", "#d6616b", "#8c6d31", "#17becf",
    "#bcbd22", "#7f7f7f", "#e377c2", "#393b79", "#637939"];
  const form = document.getElementById("filters");
  const status = document.getElementById("status");
  const details = document.getElementById("details");
  const colours = new Map();
  // More edges than this make cytoscape's layout take minutes: the strongest are drawn (the
  // query sorts them first) and the status says how many were left out (/explore?edges=N).
  const MAX_EDGES = config.maxEdges;
  let cy = null;

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }
  function local(iri) {
    for (const root of [config.base, "https://w3id.org/hlm/"]) {
      if (iri.startsWith(root + "id/") || iri.startsWith(root + "def/")) return "/" + iri.slice(root.length);
    }
    return iri;
  }
  function shortKind(iri) { return iri ? iri.replace(/^.*[#/]/, "") : "Actor"; }
  function colour(kind) {
    if (!colours.has(kind)) colours.set(kind, PALETTE[colours.size % PALETTE.length]);
    return colours.get(kind);
  }
  function options(select, items) {
    for (const item of items) select.appendChild(el("option", item.label, { value: item.iri }));
  }
  async function select(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [k, v] of Object.entries(params)) if (v) url.searchParams.set(k, v);
    const response = await fetch(url, { headers: { Accept: JSON_TYPE } });
    if (!response.ok) throw new Error(await response.text());
    const data = await response.json();
    const rows = data.results.bindings.map((b) => Object.fromEntries(
      Object.entries(b).map(([k, v]) => [k, v.value])));
    rows.truncated = response.headers.get("X-Result-Truncated") === "true";
    return rows;
  }

  function elements(rows) {
    const nodes = new Map();
    const edges = [];
    for (const row of rows) {
      for (const side of ["source", "target"]) {
        const iri = row[side];
        if (!nodes.has(iri)) {
          const kind = shortKind(row[side + "Kind"]);
          nodes.set(iri, { data: { id: iri, label: row[side + "Label"] || iri, kind, colour: colour(kind), degree: 0 } });
        }
        nodes.get(iri).data.degree += Number(row.agreements);
      }
      edges.push({ data: { id: row.source + " " + row.target, source: row.source, target: row.target,
        weight: Number(row.agreements) } });
    }
    return { nodes: [...nodes.values()], edges };
  }

  function legend() {
    const box = document.getElementById("legend");
    box.replaceChildren();
    for (const [kind, c] of colours) {
      const item = el("span", kind);
      item.style.setProperty("--swatch", c);
      box.appendChild(item);
    }
  }

  function centreOn(iri) {
    if (!cy) return;
    const centre = cy.getElementById(iri);
    cy.elements().removeClass("centre first");
    if (centre.empty()) return;
    centre.addClass("centre");
    centre.neighborhood("node").addClass("first");
    const first = new Set(centre.neighborhood("node").map((n) => n.id()));
    cy.layout({ name: "concentric", animate: false, minNodeSpacing: 24,
      concentric: (n) => (n.id() === iri ? 3 : first.has(n.id()) ? 2 : 1), levelWidth: () => 1 }).run();
    showAgreements(iri, centre.data("label"));
  }

  async function draw() {
    const filters = new FormData(form);
    status.textContent = "Loading the network…";
    let rows;
    try {
      rows = await select(config.network, { congress: filters.get("congress"),
        territory: filters.get("territory"), kind: filters.get("kind"),
        // 1 is every edge: left out, the request is the one whose answer the service keeps.
        minAgreements: Number(filters.get("minAgreements")) > 1 ? filters.get("minAgreements") : "" });
    } catch (error) {
      status.textContent = "The network could not be loaded: " + error.message.trim() +
        " A larger number of shared agreements draws fewer partnerships.";
      return;
    }
    const { nodes, edges } = elements(rows.slice(0, MAX_EDGES));
    const total = rows.length.toLocaleString("en") + (rows.truncated ? " or more" : "");
    status.textContent = nodes.length + " actors, " + edges.length + " partnerships (edge width = shared agreements)" +
      (rows.length > MAX_EDGES || rows.truncated
        ? "; the " + edges.length + " strongest of " + total + " are drawn: ask for more shared agreements to see fewer"
        : "");
    if (cy) cy.destroy();
    cy = cytoscape({
      container: document.getElementById("network"),
      elements: [...nodes, ...edges],
      style: [
        { selector: "node", style: { "background-color": "data(colour)", label: "data(label)",
          "font-size": 9, "text-wrap": "wrap", "text-max-width": 110, width: "mapData(degree, 1, 12, 14, 40)",
          height: "mapData(degree, 1, 12, 14, 40)", color: "#1d2430" } },
        { selector: "edge", style: { width: "mapData(weight, 1, 5, 1, 7)", "line-color": "#9aa7b6",
          "curve-style": "haystack", opacity: 0.7 } },
        { selector: "node.centre", style: { "border-width": 4, "border-color": "#e0a100" } },
        { selector: "node.first", style: { "border-width": 2, "border-color": "#123c69" } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#d62728" } },
      ],
      layout: { name: "cose", animate: false, randomize: false },
    });
    window.hlmExplorer = cy;
    document.getElementById("network").dataset.nodes = String(nodes.length);
    cy.on("tap", "node", (event) => showAgreements(event.target.id(), event.target.data("label")));
    const centreSelect = form.elements.centre;
    const wanted = centreSelect.value || config.centre;
    centreSelect.replaceChildren();
    options(centreSelect, nodes.map((n) => ({ iri: n.data.id, label: n.data.label }))
      .sort((a, b) => a.label.localeCompare(b.label, "fr")));
    if (nodes.some((n) => n.data.id === wanted)) centreSelect.value = wanted;
    legend();
    centreOn(centreSelect.value);
  }

  async function showAgreements(iri, label) {
    details.replaceChildren(el("h2", label), el("p", "Loading its agreements…"));
    let rows;
    try {
      rows = await select(config.partners, { actor: iri });
    } catch (error) {
      details.replaceChildren(el("h2", label), el("p", "Could not load: " + error.message));
      return;
    }
    const heading = el("h2");
    heading.appendChild(el("a", label, { href: local(iri) }));
    const byAgreement = new Map();
    for (const row of rows) {
      if (!byAgreement.has(row.agreement)) byAgreement.set(row.agreement, { row, partners: [] });
      byAgreement.get(row.agreement).partners.push(row.partnerLabel || row.partner);
    }
    const list = el("ul", null, { id: "agreements" });
    for (const [agreement, { row, partners }] of byAgreement) {
      const item = el("li", null, { class: "agreement" });
      item.appendChild(el("a", row.agreementLabel || agreement, { href: local(agreement) }));
      const facts = [row.date, row.congressLabel, "with " + partners.join(", ")].filter(Boolean);
      item.appendChild(el("div", facts.join(" · "), { class: "lang" }));
      if (row.quote) item.appendChild(el("blockquote", row.quote));
      list.appendChild(item);
    }
    details.replaceChildren(heading, el("p", byAgreement.size + " agreement(s)"), list);
  }

  options(form.elements.congress, config.congresses);
  options(form.elements.territory, config.territories);
  options(form.elements.kind, config.kinds);
  for (const name of ["congress", "territory", "kind", "minAgreements"]) form.elements[name].addEventListener("change", draw);
  form.elements.centre.addEventListener("change", () => centreOn(form.elements.centre.value));
  form.addEventListener("submit", (event) => event.preventDefault());
  draw();
})();
