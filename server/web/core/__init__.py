"""The web door's machinery, shared by every area: the request pipeline (request state, CSRF),
routes that declare what they need, the page kit (documents, rendering, forms and the one map of
mutation errors, ids, paging, htmx fragments), error pages, security headers, the body limit,
templating and charts, the health check and the GraphQL door."""
