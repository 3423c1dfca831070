"""The web door: pages by area over a shared core, sign-in, the GraphQL endpoint and health,
all through the one schema. Each area package lists its routes as `ROUTES`; `create_app`
(server/app.py) wires them."""
