"""The treatment session wizard and the client panel's course of sessions."""
