"""Marking text helpers shared by the registry and tracing: no Django, no database."""
