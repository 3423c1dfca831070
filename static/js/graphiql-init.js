// Mounts GraphiQL on /graphql with the signed-in session; `?query=` opens a given document.
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
  }
  if (params.get("variables")) {
    props.variables = params.get("variables");
  }
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, props));
})();
