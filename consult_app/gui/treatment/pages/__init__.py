"""The session wizard's pages, one module per step."""
