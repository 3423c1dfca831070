"""The web door: pages, sign-in, the GraphQL endpoint, health; all through the one schema."""
