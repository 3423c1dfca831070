// Mounts GraphiQL on /graphql with the signed-in session; `?query=` opens a given document.
// Opened directly for the first time, it starts with the API guide's examples as tabs
// (data-examples; GraphiQL keeps the tabs one has since in the browser's storage).
(function () {
  var root = document.getElementById("graphiql");
  // GraphiQL's dialogs add one <style> element, stamped with this nonce, which the page's
  // content security policy allows (server/web/core/security_headers.py).
  window.__webpack_nonce__ = root.dataset.styleNonce;
  var params = new URLSearchParams(window.location.search);
  var fetcher = GraphiQL.createFetcher({
    url: root.dataset.endpoint,
    headers: { "X-CSRF-Token": root.dataset.csrfToken },
  });
  var props = { fetcher: fetcher, defaultEditorToolsVisibility: true };
  if (params.get("query")) {
    props.query = params.get("query");
  } else {
    var examples = JSON.parse(root.dataset.examples || "[]");
    if (examples.length) {
      props.defaultTabs = examples;
    }
  }
  if (params.get("variables")) {
    props.variables = params.get("variables");
  }
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, props));
})();
