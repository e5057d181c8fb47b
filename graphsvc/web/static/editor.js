// The SPARQL editor: YASGUI on our endpoint, our canned queries as examples, and the row cap made
// visible. Settings come from the page's JSON block; nothing here reaches outside this service.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const Yasqe = Yasgui.Yasqe;
  // Only completers that need no network: prefixes from YASQE's built-in list, and variables.
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasqe.defaults.value = config.query;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }] },
    yasqe: { value: config.query, autocompleters: ["prefixes", "variables"] },
  });
  window.hlmEditor = yasgui;

  const banner = document.getElementById("row-cap");
  function showCap(response) {
    const headers = response && response.headers;
    const truncated = headers && headers.get && headers.get("X-Result-Truncated") === "true";
    if (truncated) {
      const limit = headers.get("X-Result-Limit") || config.maxRows;
      banner.textContent = "Only the first " + limit + " rows are shown: the service caps " +
        "results at " + limit + " rows. Add LIMIT/OFFSET or aggregate to see the rest.";
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
  }
  function watch(tab) {
    const yasqe = tab && tab.getYasqe && tab.getYasqe();
    if (!yasqe || yasqe.hlmWatched) return;
    yasqe.hlmWatched = true;
    yasqe.on("queryResponse", (_yasqe, response) => showCap(response));
  }
  watch(yasgui.getTab());
  yasgui.on("tabSelect", (_y, id) => setTimeout(() => watch(yasgui.getTab(id)), 0));

  const list = document.getElementById("examples");
  for (const example of config.examples) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = example.name;
    button.title = example.summary;
    button.dataset.query = example.name;
    button.addEventListener("click", () => {
      const tab = yasgui.getTab();
      watch(tab);
      tab.setQuery(example.query);
      tab.query();
    });
    list.appendChild(button);
  }
})();
