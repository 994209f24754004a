"""The HTTP service: a starlette app with GraphQL (strawberry) and health endpoints."""
